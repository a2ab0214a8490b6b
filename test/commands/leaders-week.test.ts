import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// The week of 11月30日—12月6日 is 2026-W49; the district reports from 11月16日 (W47).
const DAY_MS = 86_400_000
const MONDAY_W50 = new Date('2026-12-07T01:00:00Z') // 09:00 in Shanghai
const at = (iso: string) => new Date(iso)
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li', name: '李四' }
const wang = { openId: 'ou_wang', name: '王五' }
const leader = { openId: 'ou_leader', name: '赵书记' }

let bot: TestBot
let now: Date

beforeEach(async () => {
  now = at('2026-11-16T02:00:00Z')
  bot = await createTestBot({ now: () => now })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/绑定 @_user_1 区卫健委', { mentions: [wang] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
  await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
  // W47 all three report; W48 two; W49 (11月30日—12月6日) one; W50 one again, on its Monday.
  await bot.say(zhang, '/上报 学习 2')
  await bot.say(li, '/上报 学习 2')
  await bot.say(wang, '/上报 学习 2')
  now = at('2026-11-24T02:00:00Z')
  await bot.say(zhang, '/上报 学习 3')
  await bot.say(li, '/上报 学习 3')
  now = at('2026-12-02T02:00:00Z')
  await bot.say(zhang, '/上报 学习 5')
  await bot.say(ADMIN, '/整改 新增 窗口排队久 责任单位:区卫健委 时限:2026-11-30 牵头领导:王局长')
  now = MONDAY_W50
  await bot.say(zhang, '/上报 学习 1')
})
afterEach(() => bot.close())

describe('the week leaders mean', () => {
  it('is the last whole week on every day Monday to Sunday, on /周报, /未报, /统计 and 连续未报', async () => {
    for (let day = 0; day < 7; day++) {
      now = new Date(MONDAY_W50.getTime() + day * DAY_MS + 12 * 3600_000 * (day % 2))
      const digest = cardText(await bot.say(leader, '/周报'))
      const missing = cardText(await bot.say(leader, '/未报'))
      const stats = cardText(await bot.say(leader, '/统计'))
      const week = '上周（11月30日—12月6日）'
      expect(digest.split('\n')[0]).toBe(`主题教育周报 · ${week}`)
      expect(missing.split('\n')[0]).toBe(`${week} 未上报 2 / 3`)
      expect(stats.split('\n')[0]).toBe(`全区统计 · ${week}`)
      // The same units, the same streaks, on the digest and on /未报.
      expect(digest).toMatch(/区教育局 · .*连续 1 周|区教育局 · 联络员/)
      expect(digest).toMatch(/- 区卫健委 · .*连续 2 周.* · 联络员 王五/)
      expect(missing).toContain("**区卫健委** · <font color='red'>连续 2 周未报</font>")
      expect(missing).not.toMatch(/区教育局\*\* · <font/)
      // The whole week has passed: its cumulative ends on its Sunday.
      expect(digest).toContain('累计截至12月6日')
      expect(digest).toContain('**上报率 33%**（1 / 3 个单位）\n近 3 周：100% → 67% → 33%')
      expect(stats).toContain('已上报单位 **1** / 3')
    }
  })

  it('never dates a cumulative ahead of today, and leaves the running week out of the trend', async () => {
    now = at('2026-12-07T02:00:00Z')
    const thisWeek = cardText(await bot.say(leader, '/周报 本周'))
    expect(thisWeek.split('\n')[0]).toBe('主题教育周报 · 本周（12月7日—12月13日）')
    expect(thisWeek).toContain('累计截至12月7日')
    expect(thisWeek).not.toMatch(/截至12月(8|9|1\d)日/)
    const card = (await bot.say(leader, '/周报 本周'))!
    const chart = JSON.stringify(card).match(/"values":\[(\{"w"[^\]]*)\]/)?.[1] ?? ''
    // 11/16, 11/23, 11/30: whole weeks from the first reported; not 12/7, not weeks before.
    expect([...new Set([...chart.matchAll(/"w":"([\d/]+)"/g)].map((m) => m[1]))]).toEqual([
      '11/16',
      '11/23',
      '11/30',
    ])
    expect(cardText(await bot.say(leader, '/统计 累计'))).toContain('累计（截至12月7日）')
  })

  it('shows no zero as a figure', async () => {
    // The ledger has one item (梳理问题 1项) and nothing else in 检视整改.
    const text = cardText(await bot.say(leader, '/周报'))
    expect(text).not.toMatch(/[^\d.,/]0(项|个|次|名|篇|期|套|人)/)
    expect(text).toContain('梳理问题 1项')
    expect(text).not.toContain('整改措施')
  })
})

describe('acting from the digest', () => {
  it('催报 answers with a toast and leaves the digest; the other buttons open their card below it', async () => {
    const digest = (await bot.say(leader, '/周报', { messageId: 'om_digest_reply' }))!
    const values = JSON.stringify(digest)
    expect(values).toContain('{"a":"nudge","week":"2026-W49","d":1}')
    expect(values).toContain('{"a":"open","v":"stats","w":"2026-W49"}')
    expect(values).toMatch(/\{"a":"open","v":"unit","w":"2026-W49","u":3\}/)
    expect(values).toContain('{"a":"open","v":"item","c":"ZG-2026-001"}')

    const nudge = await bot.click(leader, { a: 'nudge', week: '2026-W49', d: 1 })
    expect(nudge.body.toast.content).toBe('已在联络员群催报 2 个单位')
    expect(nudge.body.card).toBeUndefined()
    const reminder = bot.outbox.items.findLast((i) => i.kind === 'send')!
    expect(reminder.to).toBe('chat_id:oc_liaisons')
    expect(cardText(reminder.card)).toContain('/上报 上周 学习 3 党课 1')

    const before = bot.outbox.items.length
    const open = (value: Record<string, unknown>) => bot.click(leader, { a: 'open', ...value })
    expect((await open({ v: 'stats', w: '2026-W49' })).body.toast.content).toBe('已在下方发出')
    expect((await open({ v: 'unit', w: '2026-W49', u: 3 })).body.card).toBeUndefined()
    await open({ v: 'item', c: 'ZG-2026-001' })
    const opened = bot.outbox.items.slice(before).map((i) => cardText(i.card).split('\n')[0])
    expect(opened).toEqual([
      '全区统计 · 上周（11月30日—12月6日）',
      '区卫健委 · 上周（11月30日—12月6日）',
      expect.stringContaining('ZG-2026-001'),
    ])
  })

  it('gives a liaison no buttons, and refuses what their role may not open', async () => {
    const own = (await bot.say(zhang, '/周报'))!
    expect(JSON.stringify(own)).not.toContain('"tag":"button"')
    const refused = await bot.click(zhang, { a: 'open', v: 'stats', w: '2026-W49' })
    expect(refused.body.toast.content).toContain('没有权限')
    const nudge = await bot.click(zhang, { a: 'nudge', week: '2026-W49', d: 1 })
    expect(nudge.body.toast.content).toContain('没有权限')
  })
})
