import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as lark from '../../src/lark/payloads'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { VERIFICATION_TOKEN } from '../support/events'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const SATURDAY = new Date('2026-11-28T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const leader = { openId: 'ou_leader', name: '赵书记' }
const stranger = { openId: 'ou_stranger', name: '路人' }

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
})
afterEach(() => bot.close())

const ours = () => ({ token: VERIFICATION_TOKEN, appId: bot.config.lark.appId, at: FRIDAY })
const sentTo = (who: { openId: string }) =>
  bot.outbox.items.filter((i) => i.kind === 'send' && i.to === `open_id:${who.openId}`)
const chatSettings = async () =>
  (await bot.deps.database.client.execute("select key from settings where key like 'chat.%'")).rows

async function post(body: object) {
  expect((await bot.post(body)).status).toBe(200)
}

describe('the bot menu', () => {
  it('opens the report form privately for the liaison who clicked, once per click', async () => {
    const click = lark.menuEvent({ ...ours(), operator: zhang, eventKey: 'report' })
    const before = bot.outbox.items.length
    await post(click)
    await post(click)
    const [form, ...more] = sentTo(zhang)
    expect(more).toHaveLength(0)
    expect(cardText(form!.card)).toContain('区财政局')
    expect(JSON.stringify(form!.card)).toContain('"a":"report-form"')
    expect(bot.outbox.items.slice(before)).toHaveLength(1)
  })

  it('shows progress and help, tells a stranger how to bind, and ignores unknown keys', async () => {
    await post(lark.menuEvent({ ...ours(), operator: zhang, eventKey: 'progress' }))
    await post(lark.menuEvent({ ...ours(), operator: leader, eventKey: 'help' }))
    await post(lark.menuEvent({ ...ours(), operator: stranger, eventKey: 'report' }))
    await post(lark.menuEvent({ ...ours(), operator: zhang, eventKey: 'unknown' }))
    expect(sentTo(zhang)).toHaveLength(1)
    expect(cardText(sentTo(zhang)[0]!.card)).toContain('区财政局')
    expect(cardText(sentTo(leader)[0]!.card)).toContain('你的身份：领导')
    expect(cardText(sentTo(stranger)[0]!.card)).toContain('/绑定 单位名称 你的姓名')
    expect(bot.errors).toEqual([])
  })

  it('learns the name of someone the bot knew only by id from their click', async () => {
    await bot.deps.database.client.execute(
      "insert into people (open_id, name, unit_id, updated_at) values ('ou_gao', '', 1, 0)",
    )
    await post(
      lark.menuEvent({ ...ours(), operator: { openId: 'ou_gao', name: '高婷' }, eventKey: 'help' }),
    )
    await post(
      lark.menuEvent({
        ...ours(),
        operator: { openId: 'ou_zhang', name: '改名' },
        eventKey: 'help',
      }),
    )
    expect(cardText(await bot.say(ADMIN, '/单位 列表'))).toContain('联络员：张三、高婷')
  })
})

describe('opening the private chat', () => {
  it('greets each person by role, once a day', async () => {
    const entered = (who: typeof zhang, at = FRIDAY) =>
      lark.p2pEnteredEvent({ ...ours(), at, chatId: `oc_p2p_${who.openId}`, operator: who })
    await post(entered(zhang))
    await post(entered(zhang))
    await post(entered(leader))
    await post(entered(stranger))
    expect(sentTo(zhang)).toHaveLength(1)
    expect(cardText(sentTo(zhang)[0]!.card)).toContain('你是「区财政局」的联络员')
    expect(cardText(sentTo(zhang)[0]!.card)).toContain('/上报')
    expect(cardText(sentTo(leader)[0]!.card)).toContain('/周报')
    expect(cardText(sentTo(stranger)[0]!.card)).toContain('/绑定 单位名称 你的姓名')

    bot.setNow(SATURDAY)
    await post(entered(zhang, SATURDAY))
    expect(sentTo(zhang)).toHaveLength(2)
  })
})

describe('removed from a group', () => {
  it('clears the setting that named it and tells the office once', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    await bot.say(ADMIN, '/设置 周报群', { chatId: 'oc_leaders' })
    const removed = lark.botRemovedEvent({
      ...ours(),
      chatId: 'oc_liaisons',
      operator: zhang,
      name: '联络员工作群',
    })
    await post(removed)
    await post(removed)
    const told = sentTo(ADMIN)
    expect(told).toHaveLength(1)
    const text = cardText(told[0]!.card)
    expect(text).toContain('机器人已被移出「联络员工作群」，它原来是联络员群，这项设置已清除')
    expect(text).toContain('@统计机器人 /设置 联络员群')
    expect(await chatSettings()).toEqual(
      [{ key: 'chat.leaders' }].map((r) => expect.objectContaining(r)),
    )
    expect(cardText(await bot.say(ADMIN, '/设置', { chatType: 'p2p' }))).toMatch(
      /联络员群\*\*：.*未设置/,
    )
  })

  it('does nothing for a group no setting names', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    await post(
      lark.botRemovedEvent({ ...ours(), chatId: 'oc_other', operator: zhang, name: '别的群' }),
    )
    expect(sentTo(ADMIN)).toHaveLength(0)
    expect(await chatSettings()).toHaveLength(1)
  })
})
