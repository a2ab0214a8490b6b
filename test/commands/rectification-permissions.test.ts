import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardText, type TestBot } from '../support/bot'
import {
  ADMIN,
  buttonsOf,
  file,
  historyCount,
  rectificationBot,
  leader,
  li,
  rows,
  stranger,
  zhang,
  addForm,
} from './rectification-support'

describe('through the chat: nobody but the office and the unit changes an item', () => {
  let bot: TestBot
  let code: string
  const snapshot = async () => ({
    item: await rows(bot, 'select status, deadline, closed_at from rectifications'),
    history: await historyCount(bot),
    items: (await rows(bot, 'select count(*) as n from rectifications'))[0]!.n,
  })

  beforeAll(async () => {
    bot = await rectificationBot()
    code = await file(bot, '问题 责任单位:区财政局 时限:2026-12-31 牵头领导:王')
  })
  afterAll(() => bot.close())

  it('leaders and liaisons read everything; strangers nothing', async () => {
    for (const who of [leader, zhang, li]) {
      expect(cardText(await bot.say(who, '/整改'))).toContain(code)
      expect(cardText(await bot.say(who, `/整改 详情 ${code}`))).toContain('变更记录')
    }
    const denied = cardText(await bot.say(stranger, '/整改'))
    expect(denied).not.toContain(code)
    expect(denied).toContain('没有绑定')
  })

  it('refuses every change from the wrong people and records nothing', async () => {
    const before = await snapshot()
    const attempts: Array<[{ openId: string }, string]> = [
      [stranger, `/整改 进展 ${code} 说明`],
      [stranger, `/整改 销号 ${code} 说明`],
      [leader, `/整改 进展 ${code} 说明`],
      [leader, `/整改 销号 ${code} 说明`],
      [leader, `/整改 新增 问题 责任单位:区财政局 时限:12-31 牵头领导:王`],
      [li, `/整改 进展 ${code} 说明`],
      [li, `/整改 销号 ${code} 说明`],
      [zhang, `/整改 延期 ${code} 2027-01-31 理由`],
      [zhang, `/整改 新增 问题 责任单位:区财政局 时限:12-31 牵头领导:王`],
      [zhang, `/整改 同意 ${code}`],
      [ADMIN, `/整改 进展 ZG-2026-099 说明`],
      [ADMIN, `/整改 延期 ${code} 2026-12-01 提前了`],
      [ADMIN, `/整改 延期 ${code} 后天 理由`],
      [ADMIN, `/整改 重开 ${code} 没销号`],
    ]
    for (const [who, text] of attempts) {
      const reply = cardText(await bot.say(who, text))
      expect(reply, text).toMatch(/没有记录|没有编号|早于|看不懂|不用重开/)
    }
    const value = { a: 'ledger-close', code, l: { v: 'outstanding', p: 0 } }
    for (const who of [stranger, leader, li]) {
      const res = await bot.click(who, value)
      expect(res.body.toast.type, who.openId).not.toBe('success')
    }
    const form = buttonsOf(await addForm(bot, ADMIN)).find((b) => b.text === '挂账')!
    const res = await bot.click(zhang, form.value, {
      formValue: { problem: 'x', unit: '1', deadline: '2026-12-31', leader: '王' },
    })
    expect(res.body.toast.type).toBe('error')
    expect(await snapshot()).toEqual(before)
  })
})

describe('buttons for those who can use them', () => {
  let bot: TestBot
  let own: string, other: string
  beforeAll(async () => {
    bot = await rectificationBot()
    own = await file(bot, '财政问题 责任单位:区财政局 时限:2026-12-31 牵头领导:王')
    other = await file(bot, '教育问题 责任单位:区教育局 时限:2026-12-30 牵头领导:李')
  })
  afterAll(() => bot.close())

  const privately = async (who: { openId: string }) =>
    buttonsOf(await bot.say(who, '/整改', { chatType: 'p2p', chatId: `oc_p2p_${who.openId}` }))
      .filter((b) => b.text === '销号' || b.text === '延期')
      .map((b) => `${b.text} ${b.value.code}`)

  it('a private card shows only the actions its reader may take', async () => {
    expect(await privately(ADMIN)).toEqual([
      `销号 ${other}`,
      `延期 ${other}`,
      `销号 ${own}`,
      `延期 ${own}`,
    ])
    expect(await privately(zhang)).toEqual([`销号 ${own}`])
    expect(await privately(leader)).toEqual([])
  })

  it('in a group every button shows, and a refused click says why and who to ask', async () => {
    const card = await bot.say(zhang, '/整改')
    const find = (text: string, code: string) =>
      buttonsOf(card).find((b) => b.text === text && b.value.code === code)!
    const toast = async (who: { openId: string }, text: string, code: string) =>
      (await bot.click(who, find(text, code).value)).body.toast.content
    expect(await toast(zhang, '延期', own)).toBe(
      '只有主题教育办可以延期，这次没有记录；请联系办公室。',
    )
    expect(await toast(zhang, '销号', other)).toContain(
      `${other} 是区教育局的整改事项，不是你们单位的`,
    )
    expect(await toast(leader, '销号', own)).toContain(
      '只有主题教育办或责任单位的联络员可以申请销号',
    )
    expect(cardText(await bot.say(zhang, `/整改 延期 ${own} 2027-01-31 理由`))).toContain(
      '只有主题教育办可以延期',
    )
    expect(await historyCount(bot)).toBe(2)
  })
})
