import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Friday 2026-11-27 15:00 in Shanghai: week 2026-W48.
const FRIDAY = new Date('2026-11-27T07:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li', name: '李四' }
const wang = { openId: 'ou_wang', name: '王五' }

let bot: TestBot

beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/绑定 @_user_1 区卫健委', { mentions: [wang] })
  await bot.say(zhang, '/上报 学习 2')
})
afterEach(() => bot.close())

const groupSends = () =>
  bot.outbox.items.filter((i) => i.kind === 'send' && i.to === 'chat_id:oc_liaisons')
const mentioned = (card: unknown) =>
  [...JSON.stringify(card).matchAll(/<at id=(ou_\w+)><\/at>/g)].map((m) => m[1]).sort()

describe('Friday reminder job', () => {
  it('says how to set the liaisons group when none is set, and sends nothing', async () => {
    const result = await bot.runJob('remind', { now: FRIDAY })
    expect(result.skipped).toContain('/设置 联络员群')
    expect(bot.outbox.items.filter((i) => i.kind === 'send')).toHaveLength(0)
  })

  it('posts once per week in the liaisons group, mentioning only active missing units', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    await bot.say(ADMIN, '/单位 停用 区卫健委')
    const first = await bot.runJob('remind', { now: FRIDAY })
    const second = await bot.runJob('remind', { now: FRIDAY })
    expect(first).toMatchObject({ period: '2026-W48', sent: 1, served: 1 })
    expect(second).toMatchObject({ sent: 0, served: 1 })
    expect(groupSends()).toHaveLength(1)
    expect(mentioned(groupSends()[0]!.card)).toEqual(['ou_li'])
    expect(cardText(groupSends()[0]!.card)).toContain('区教育局')
    expect(cardText(groupSends()[0]!.card)).not.toContain('区卫健委')
  })

  it('a 催报 click after a unit is deactivated leaves that unit out', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    expect(cardText(await bot.say(ADMIN, '/未报'))).toContain('区卫健委')
    await bot.say(ADMIN, '/单位 停用 区卫健委')
    const click = await bot.click(ADMIN, { a: 'nudge', week: '2026-W48' })
    expect(click.body.toast.content).toContain('催报 1 个单位')
    expect(mentioned(groupSends()[0]!.card)).toEqual(['ou_li'])
  })
})
