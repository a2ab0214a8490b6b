import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import type { MissingUnit } from '../../templates/missing-card'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { LIAISONS_GROUP, seedDistrict } from '../support/district'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'

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
    expect(cardText(await bot.say(ADMIN, '/未报 本周'))).toContain('区卫健委')
    await bot.say(ADMIN, '/单位 停用 区卫健委')
    const click = await bot.click(ADMIN, { a: 'nudge', week: '2026-W48' })
    expect(click.body.toast.content).toContain('催报 1 个单位')
    expect(mentioned(groupSends()[0]!.card)).toEqual(['ou_li'])
  })
})

describe('reminding a district of 1,000 units through the fake Lark OpenAPI', () => {
  let fake: FakeLark
  let big: TestBot
  let district: MissingUnit[]
  beforeAll(async () => {
    fake = await startFakeLark()
  })
  afterAll(() => fake.close())
  beforeEach(async () => {
    fake.reset()
    big = await createTestBot({
      now: () => FRIDAY,
      env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 'secret', LARK_DOMAIN: fake.url },
    })
    district = await seedDistrict(big.deps.database, FRIDAY)
  })
  afterEach(() => big.close())

  const reminders = () => fake.sent.filter((m) => m.receiveId === LIAISONS_GROUP)
  /** Each liaison the reminders @mention, with how often. */
  function mentionCounts() {
    const counts = new Map<string, number>()
    for (const m of reminders()) {
      for (const [, id] of JSON.stringify(m.content).matchAll(/<at id=(ou_\w+)>/g))
        counts.set(id!, (counts.get(id!) ?? 0) + 1)
    }
    return counts
  }
  const everyLiaison = () => district.flatMap((u) => u.liaisons.map((l) => l.openId)).sort()

  it('sends several messages Lark takes, mentioning every liaison once, and none again', async () => {
    const first = await big.runJob('remind', { now: FRIDAY })
    const parts = reminders().length
    expect(parts).toBeGreaterThan(1)
    expect(first).toMatchObject({ sent: parts, served: parts, pending: 0, failed: 0 })
    expect(fake.errorCodes.filter((c) => c === 230025 || c === 230099)).toEqual([])
    expect([...mentionCounts().keys()].sort()).toEqual(everyLiaison())
    expect([...mentionCounts().values()].every((n) => n === 1)).toBe(true)
    expect(cardText(reminders()[0]!.content)).toContain(`上报提醒（1/${parts}）`)

    const again = await big.runJob('remind', { now: FRIDAY })
    expect(again).toMatchObject({ sent: 0, served: parts })
    expect(reminders()).toHaveLength(parts)
  })

  it('/未报 pages the 1,000 units; its 催报 reaches them all and says in how many messages', async () => {
    const missingPage = async (typed: string) => {
      await big.say(ADMIN, typed)
      return cardText(fake.sent.findLast((m) => m.kind === 'reply')?.content)
    }
    const first = await missingPage('/未报 本周')
    expect(first).toMatch(/共 1000 个单位未上报，分 \d+ 页；下一页发送 \*\*\/未报 本周 2\*\*/)
    const second = await missingPage('/未报 本周 第二页')
    expect(second).toContain('上一页发送 **/未报 本周 1**')
    const firstOnSecond = Number(/^(\d+)\. /m.exec(second)?.[1])
    expect(first).toContain(`${firstOnSecond - 1}. **${district[firstOnSecond - 2]!.name}**`)
    expect(await missingPage('/未报 本周 2')).toEqual(second)
    const click = await big.click(ADMIN, { a: 'nudge', week: '2026-W48', p: 1 })
    expect(click.body.toast.content).toBe(
      `已在联络员群催报 1000 个单位，分 ${reminders().length} 条消息`,
    )
    expect([...mentionCounts().keys()].sort()).toEqual(everyLiaison())
    expect([...mentionCounts().values()].every((n) => n === 1)).toBe(true)
  })
})
