import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID, type Who } from '../../src/lark/payloads'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import type { Card } from '../../templates/card'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'
import { buttonsOf, FRIDAY, leader, office2, zhang } from './rectification-support'

// Cards several people hold copies of: once one of them decides, every copy says so and none
// keeps buttons that would decide again. Lark is the fake, over HTTP, so each copy's message
// and its updates (PATCH) are Lark's own.

const newcomer = { openId: 'ou_new', name: '新人' }
let bot: TestBot
let fake: FakeLark
let now: Date

beforeEach(async () => {
  fake = await startFakeLark({ now: () => now.getTime() })
  now = FRIDAY
  const env = { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url }
  bot = await createTestBot({ env, now: () => now })
  await say(ADMIN, '/单位 添加 区财政局 区教育局')
  await say(ADMIN, '/角色 管理员 @_user_1', [office2])
  await say(ADMIN, '/绑定 @_user_1 区财政局', [zhang])
})
afterEach(async () => {
  await bot.close()
  await fake.close()
})

/** A private message to the bot, delivered when the bot's clock says; the bot's reply. */
async function say(who: Who, text: string, mentions: Who[] = []) {
  const event = messageEvent({
    text,
    sender: who,
    mentions,
    chatType: 'p2p',
    chatId: `oc_p2p_${who.openId}`,
    at: now,
    appId: SAMPLE_APP_ID,
  })
  const res = await bot.post(event)
  expect(res.status).toBe(200)
  const id = event.event.message.message_id
  return cardText(fake.sent.find((m) => m.kind === 'reply' && m.messageId === id)?.content as Card)
}

/** The cards the bot sent someone privately, each with the message Lark made of it. */
const sentTo = (who: { openId: string }) =>
  fake.sent.filter((m) => m.kind === 'send' && m.receiveId === who.openId)
const titled = (who: { openId: string }, title: string) =>
  sentTo(who).filter((m) => cardText(m.content as Card).startsWith(title))
/** What a copy reads now, and its buttons. */
const shown = (id: string | undefined) => fake.shown(id!) as Card
const updatesOf = (id: string | undefined) =>
  fake.sent.filter((m) => m.kind === 'update' && m.messageId === id)

describe('a binding request', () => {
  it('once one admin decides, the other admin’s copy shows who decided, without buttons', async () => {
    await say(newcomer, '/绑定 区教育局 王五')
    const [mine] = titled(ADMIN, '联络员绑定申请')
    const [theirs] = titled(office2, '联络员绑定申请')
    expect(buttonsOf(shown(theirs!.id)).map((b) => b.text)).toEqual(['同意', '拒绝'])

    const approve = buttonsOf(mine!.content as Card).find((b) => b.text === '同意')!.value
    const click = await bot.click(ADMIN, approve, { messageId: mine!.id, chatId: 'oc_p2p_admin' })
    expect(click.body.toast.content).toContain('已绑定到「区教育局」')

    const other = shown(theirs!.id)
    expect(cardText(other)).toContain('联络员绑定申请 · 已同意')
    expect(cardText(other)).toContain(`<at id=${ADMIN.openId}></at>`)
    expect(buttonsOf(other)).toEqual([])
    // The clicked copy is the click's answer; Lark is not asked to update it as well.
    expect(updatesOf(mine!.id)).toEqual([])
    expect(updatesOf(theirs!.id)).toHaveLength(1)

    // The other admin clicks the stale copy anyway (it was open on their phone): nothing changes.
    const reject = buttonsOf(theirs!.content as Card).find((b) => b.text === '拒绝')!.value
    const late = await bot.click(office2, reject, { messageId: theirs!.id })
    expect(late.body.toast.content).toContain('已是「区教育局」的联络员')
    expect(updatesOf(theirs!.id)).toHaveLength(1)
  })

  it('a copy past Lark’s 14 days is left as it is rather than asked for again and again', async () => {
    await say(newcomer, '/绑定 区教育局 王五')
    const [mine] = titled(ADMIN, '联络员绑定申请')
    const [theirs] = titled(office2, '联络员绑定申请')
    now = new Date(FRIDAY.getTime() + 15 * 24 * 3600 * 1000)
    const reject = buttonsOf(mine!.content as Card).find((b) => b.text === '拒绝')!.value
    const click = await bot.click(ADMIN, reject, { messageId: mine!.id })
    expect(click.body.toast.content).toContain('已拒绝')
    expect(updatesOf(theirs!.id)).toEqual([])
    expect(fake.errorCodes).not.toContain(230031)
  })
})

describe('a 销号 review', () => {
  /** An item of 区财政局 whose liaison asked the office to strike it off. */
  async function requested() {
    const filed = await say(
      ADMIN,
      '/整改 新增 流程繁琐 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长',
    )
    const code = /已挂账 (ZG-\d{4}-\d{3})/.exec(filed)![1]!
    expect(await say(zhang, `/整改 销号 ${code} 已修订窗口制度`)).toContain('已提交')
    const [mine] = titled(ADMIN, `销号审核 ${code}`)
    const [theirs] = titled(office2, `销号审核 ${code}`)
    return { code, mine: mine!, theirs: theirs! }
  }

  it('approved on one admin’s card, reads so on the other’s, without buttons', async () => {
    const { code, mine, theirs } = await requested()
    expect(buttonsOf(shown(theirs.id)).map((b) => b.text)).toEqual(['同意', '退回'])
    const approve = buttonsOf(mine.content as Card).find((b) => b.text === '同意')!.value
    const click = await bot.click(ADMIN, approve, { messageId: mine.id })
    expect(click.body.toast.content).toBe(`${code} 已同意销号`)

    const other = shown(theirs.id)
    expect(cardText(other)).toContain(`销号审核 ${code} · 已同意销号`)
    expect(cardText(other)).toContain(`已同意销号：<at id=${ADMIN.openId}></at>`)
    expect(buttonsOf(other)).toEqual([])
    expect(updatesOf(mine.id)).toEqual([])
  })

  it('sent back by a typed /整改 退回, reads so on every admin’s card with the reason', async () => {
    const { code, mine, theirs } = await requested()
    expect(await say(office2, `/整改 退回 ${code} 佐证材料不全`)).toContain('已退回')
    for (const copy of [mine, theirs]) {
      const now = shown(copy.id)
      expect(cardText(now)).toContain(`销号审核 ${code} · 已退回`)
      expect(cardText(now)).toContain('退回理由**：佐证材料不全')
      expect(buttonsOf(now)).toEqual([])
    }
  })
})

describe('a form meant for one person', () => {
  it('opens 仅对你可见 from the group’s ledger, which stays as the group reads it', async () => {
    await say(ADMIN, '/整改 新增 流程繁琐 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长')
    const ask = messageEvent({ text: '/整改', sender: zhang, at: now, appId: SAMPLE_APP_ID })
    await bot.post(ask)
    const list = fake.sent.find((m) => m.messageId === ask.event.message.message_id)!
    const close = buttonsOf(list.content as Card).find((b) => b.text === '销号')!.value
    const click = await bot.click(zhang, close, { messageId: list.id, chatId: 'oc_liaisons' })
    expect(click.body.card).toBeUndefined()
    expect(click.body.toast.content).toContain('表单只发给了你')

    const form = await fake.waitFor((m) => m.kind === 'ephemeral')
    expect([form.receiveId, form.chatId]).toEqual([zhang.openId, 'oc_liaisons'])
    expect(cardText(form.content as Card)).toContain('整改成效（必填）')
    expect(updatesOf(list.id)).toEqual([])

    // Submitted, the form becomes the item for its sender; the group's list then reads the change.
    const submit = buttonsOf(form.content as Card).find((b) => b.text === '提交销号申请')!.value
    const formValue = { outcome: '已修订窗口制度' }
    const done = await bot.click(zhang, submit, { messageId: form.id, formValue })
    expect(cardText(done.body.card!.data)).toContain('**状态**：待审核')
    expect(updatesOf(list.id)).toHaveLength(1)
    expect(cardText(shown(list.id))).toContain('待审核')
    expect(cardText(shown(list.id))).toContain('整改台账 · 未销号')
  })
})

describe('a receipt', () => {
  /** Zhang's `/上报 学习 3` in the group; the receipt as Lark made it. */
  async function reportInGroup() {
    const report = messageEvent({
      text: '/上报 学习 3',
      sender: zhang,
      at: now,
      appId: SAMPLE_APP_ID,
    })
    await bot.post(report)
    return fake.sent.find((m) => m.messageId === report.event.message.message_id)!
  }

  it('reads as revoked in the group once /撤销 is typed elsewhere, its button gone', async () => {
    const receipt = await reportInGroup()
    expect(buttonsOf(receipt.content as Card).map((b) => b.text)).toEqual(['撤销这条记录'])

    expect(await say(zhang, '/撤销')).toContain('已撤销')
    const shownNow = shown(receipt.id)
    expect(cardText(shownNow)).toContain('记录 #1 已撤销')
    expect(cardText(shownNow)).toContain(`已由 <at id=${zhang.openId}></at>`)
    expect(buttonsOf(shownNow)).toEqual([])
  })

  it('revoked by its own button, is the click’s answer and is not updated again', async () => {
    const receipt = await reportInGroup()
    const revoke = buttonsOf(receipt.content as Card)[0]!.value
    const click = await bot.click(zhang, revoke, { messageId: receipt.id })
    expect(cardText(click.body.card!.data)).toContain('记录 #1 已撤销')
    expect(updatesOf(receipt.id)).toEqual([])
  })
})

describe('一键催报', () => {
  const leader2 = { openId: 'ou_leader2', name: '钱书记' }
  const reminders = () =>
    fake.sent.filter((m) => m.kind === 'send' && m.receiveId === 'oc_liaisons')

  beforeEach(async () => {
    const group = messageEvent({
      text: '/设置 联络员群',
      sender: ADMIN,
      at: now,
      appId: SAMPLE_APP_ID,
    })
    expect((await bot.post(group)).status).toBe(200)
  })

  /** Who typed it privately, the /未报 card the bot answered with. */
  async function missingList(who: Who) {
    const chatId = `oc_p2p_${who.openId}`
    const ask = { text: '/未报 本周', sender: who, chatType: 'p2p' as const, chatId }
    const event = messageEvent({ ...ask, at: now, appId: SAMPLE_APP_ID })
    expect((await bot.post(event)).status).toBe(200)
    return fake.sent.find(
      (m) => m.kind === 'reply' && m.messageId === event.event.message.message_id,
    )!
  }

  it('sent from one admin’s /未报, reads so on the other admin’s, who cannot send it again', async () => {
    const mine = await missingList(ADMIN)
    const theirs = await missingList(office2)
    expect(buttonsOf(shown(theirs.id)).map((b) => b.text)).toEqual(['一键催报'])

    const nudge = buttonsOf(mine.content as Card)[0]!.value
    const click = await bot.click(ADMIN, nudge, { messageId: mine.id, chatId: 'oc_p2p_admin' })
    expect(click.body.toast.content).toContain('已在联络员群催报 2 个单位')
    expect(reminders()).toHaveLength(1)

    const other = shown(theirs.id)
    expect(cardText(other)).toContain(`✅ 已催报 · <at id=${ADMIN.openId}></at> · 11-27 10:00`)
    expect(cardText(other)).toContain('未上报 2 / 2')
    expect(buttonsOf(other)).toEqual([])
    expect(updatesOf(mine.id)).toEqual([])

    // The stale copy, still open on the other admin's phone, is clicked: nothing goes out twice.
    const stale = buttonsOf(theirs.content as Card)[0]!.value
    const late = await bot.click(office2, stale, { messageId: theirs.id })
    expect(late.body.toast.content).toContain('已经催报过了')
    expect(reminders()).toHaveLength(1)
    expect(updatesOf(theirs.id)).toHaveLength(1)
  })

  it('sent from one leader’s digest, every copy of the digest loses its 催报 button', async () => {
    await say(ADMIN, '/角色 领导 @_user_1', [leader])
    await say(ADMIN, '/角色 领导 @_user_1', [leader2])
    // Monday: the digest of the week just ended, in which neither unit reported.
    now = new Date(FRIDAY.getTime() + 3 * 24 * 3600 * 1000)
    await bot.runJob('digest', { now })
    const [mine] = sentTo(leader)
    const [theirs] = sentTo(leader2)
    const nudge = buttonsOf(mine!.content as Card).find((b) => b.text.startsWith('催报'))!.value
    const click = await bot.click(leader, nudge, { messageId: mine!.id, chatId: 'oc_p2p_leader' })
    expect(click.body.toast.type).toBe('success')
    expect(reminders()).toHaveLength(1)

    for (const copy of [mine!, theirs!]) {
      const digest = shown(copy.id)
      expect(cardText(digest)).toContain(`✅ 已催报 · <at id=${leader.openId}></at>`)
      expect(buttonsOf(digest).map((b) => b.text)).not.toContainEqual(
        expect.stringContaining('催报'),
      )
      expect(buttonsOf(digest).map((b) => b.text)).toContain('全区统计')
    }
  })
})
