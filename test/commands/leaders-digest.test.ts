import { afterEach, beforeEach, expect, it } from 'vitest'
import { cardFits } from '../../templates/card-limits'
import type { Card } from '../../templates/card'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai (week 2026-W48); the district starts two weeks before.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const WEEK_MS = 7 * 24 * 3600_000
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li', name: '李四' }
const wang = { openId: 'ou_wang', name: '王五' }
const leader = { openId: 'ou_leader', name: '赵书记' }

let bot: TestBot
let now = FRIDAY

beforeEach(async () => {
  now = new Date(FRIDAY.getTime() - 2 * WEEK_MS)
  bot = await createTestBot({ now: () => now })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委 区民政局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/绑定 @_user_1 区卫健委', { mentions: [wang] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
  // W46: two units report; W47: one; W48: one.
  await bot.say(zhang, '/上报 学习 2')
  await bot.say(li, '/上报 学习 1')
  now = new Date(now.getTime() + WEEK_MS)
  await bot.say(zhang, '/上报 学习 3')
  await bot.say(ADMIN, '/整改 新增 办事流程繁琐 责任单位:区卫健委 时限:11月20日 牵头领导:王局长')
  now = FRIDAY
  await bot.say(zhang, '/上报 学习 5 调研 1')
  await bot.say(ADMIN, '/目标 学习 20')
  await bot.say(ADMIN, '/目标 调研 4')
  await bot.say(ADMIN, '/目标 区财政局 学习 10')
  await bot.say(ADMIN, '/目标 区教育局 学习 10')
  await bot.say(ADMIN, '/目标 区卫健委 学习 10')
})
afterEach(() => bot.close())

/** Every chart on the card, folded ones included. */
const charts = (card: Card) =>
  card.body.elements
    .flatMap((e) =>
      e.tag === 'collapsible_panel' ? (e.elements as Card['body']['elements']) : [e],
    )
    .filter((e) => e.tag === 'chart')

it('gives a leader the reporting rate, who lags, what is overdue and targets against time, by name', async () => {
  await bot.say(ADMIN, '/目标 期限 2026-12-31')
  const card = (await bot.say(leader, '/周报 本周'))!
  const text = cardText(card)
  expect(cardFits(card)).toBe(true)
  expect(text).toContain('主题教育周报 · 本周（11月23日—11月29日）')

  // 上报率: one unit of four this week, and each week since the units were added.
  expect(text).toContain('**上报率 25%**（1 / 4 个单位）\n近 3 周：50% → 25% → 25%')
  // Who has not reported, the longest streak first, with the liaison.
  expect(text).toContain('**未上报 3 个单位**（连续 2 周以上 3 个）')
  expect(text).toMatch(/- 区卫健委 · .*连续 3 周.* · 联络员 王五/)
  expect(text).toMatch(/- 区教育局 · .*连续 2 周.* · 联络员 李四/)

  // The overdue item by code, problem, unit, lead and days.
  expect(text).toMatch(/ZG-2026-001\*\* 办事流程繁琐 · 区卫健委 · 牵头 王局长 · .*逾期 7 天/)

  // Targets against the time: from 11月9日 (the first week reported) to 12月31日, on 11月27日
  // 19 of 53 days have gone (35%).
  expect(text).toContain('**目标**（累计截至11月27日 · 时间进度 **35%**）')
  expect(text).toMatch(/集中学习 11 \/ 20次 · \*\*55%\*\* .*超前/)
  expect(text).toMatch(/基层调研 1 \/ 4次 · \*\*25%\*\* .*落后/)
  const stats = cardText(await bot.say(leader, '/统计 本周'))
  expect(stats).toContain('全区统计 · 本周（11月23日—11月29日）')
  expect(stats).toContain('**目标完成情况**（累计截至11月27日 · 时间进度 **35%**）')
  expect(stats).toMatch(/集中学习 11 \/ 20次 ▰▰▰▰▰▱▱▱▱▱ \*\*55%\*\* .*超前/)
  expect(cardText(await bot.say(leader, '/统计 累计'))).toContain('集中学习 11次')
  const unit = cardText(await bot.say(zhang, '/进度'))
  expect(unit).toContain('集中学习 10 / 10次 ▰▰▰▰▰▰▰▰▰▰')
  expect(unit).not.toContain('/ 20次')

  // The trend of whole weeks only (the running week is left out), folded with the rest.
  const [trend, byCategory] = charts(card)
  const trendData = (trend!.chart_spec as { data: { values: unknown[] } }).data.values
  expect(trendData).toContainEqual({ w: '11/16', k: '集中学习', v: 3 })
  expect(trendData).toContainEqual({ w: '11/9', k: '集中学习', v: 3 })
  expect(trendData).not.toContainEqual(expect.objectContaining({ w: '11/23' }))
  expect(trendData).not.toContainEqual(expect.objectContaining({ w: '11/2' }))
  expect(byCategory).toBeDefined()

  // Units ranked by completion, folded; the two at 0% share a rank, said as 并列.
  expect(text).toMatch(/1 区财政局 100%/)
  expect(text).toMatch(/2 区教育局 10%/)
  expect(text).toMatch(/3 区卫健委 0%/)
})

it('shows a past week as that week, against the week before, with its cumulative stopping there', async () => {
  const text = cardText(await bot.say(leader, '/周报 上周'))
  expect(text).toContain('上周（11月16日—11月22日）')
  // Nothing changed from the week before: no 持平 line.
  expect(text).not.toContain('持平')
  expect(text).not.toContain('**变化最大**')
  expect(text).toMatch(/累计（截至11月22日）[\s\S]*集中学习 6次/)
  expect(text).toContain('集中学习 6 / 20次')
  expect(text).not.toContain('基层调研 1次')
})

it('names ties as ties, never as an order', async () => {
  await bot.say(ADMIN, '/目标 区民政局 学习 10')
  const text = cardText(await bot.say(leader, '/周报 本周'))
  expect(text).toMatch(/3（并列） 区卫健委 0%/)
  expect(text).toMatch(/3（并列） 区民政局 0%/)
})
