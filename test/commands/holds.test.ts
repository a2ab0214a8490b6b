import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { li, twoUnits, wang, zhang } from '../support/liaisons'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const WEEK_MS = 7 * 24 * 3600 * 1000

let bot: TestBot
let now = FRIDAY

beforeEach(async () => {
  now = FRIDAY
  bot = await createTestBot({ now: () => now })
  await twoUnits(bot)
})
afterEach(() => bot.close())

const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0] ?? 0)
const lastReport = () => count('select max(id) from reports')
/** What /统计 shows the office for this week. */
const weekStats = async () => cardText(await bot.say(ADMIN, '/统计 本周'))

describe('a report identical to one its unit already sent this week', () => {
  it('is held, says who sent the first and when, and counts once on 仍要记一次', async () => {
    const first = cardText(await bot.say(zhang, '/上报 学习 3 党课 1'))
    expect(first).toContain('已记录')
    expect(first).toContain('上报人：张三')
    now = new Date(FRIDAY.getTime() + 2000)
    const second = cardText(await bot.say(wang, '/上报 党课 1 学习 3'))
    expect(second).toContain('暂未计入')
    expect(second).toContain('没有重复计入')
    expect(second).toContain('张三在 11-27 10:00')
    expect(second).toContain('上报人：王五')
    expect(second).toContain('仍要记一次')
    expect(second).toMatch(/本单位该周合计[\s\S]*集中学习 3次/)
    expect(await weekStats()).toContain('集中学习 3次')

    const id = await lastReport()
    const counted = await bot.click(wang, { a: 'release', report: id })
    expect(counted.body.toast.content).toContain('已计入合计')
    expect(cardText(counted.body.card?.data)).toMatch(/本单位该周合计[\s\S]*集中学习 6次/)
    expect(cardText(counted.body.card?.data)).toContain('经确认后计入')
    const again = await bot.click(zhang, { a: 'release', report: id })
    expect(again.body.toast.content).toContain('已经计入过了')
    expect(await weekStats()).toContain('集中学习 6次')

    const records = cardText(await bot.say(ADMIN, '/记录 区财政局'))
    expect(records).toContain('与本周已报的完全相同，经 王五 于 11-27 10:00 确认计入')
  })

  it('holds a liaison’s own repeat, and counts a different one', async () => {
    await bot.say(zhang, '/上报 学习 3')
    expect(cardText(await bot.say(zhang, '/上报 学习 3'))).toContain('暂未计入')
    expect(cardText(await bot.say(zhang, '/上报 学习 2'))).toContain('已记录')
    expect(await weekStats()).toContain('集中学习 5次')
    expect(cardText(await bot.say(ADMIN, '/记录 区财政局'))).toContain(
      '与本周已报的完全相同，暂未计入（待确认）',
    )
  })

  it('does not compare with revoked reports, other units or other weeks', async () => {
    await bot.say(zhang, '/上报 学习 3')
    await bot.say(zhang, '/撤销')
    expect(cardText(await bot.say(zhang, '/上报 学习 3'))).toContain('已记录')
    expect(cardText(await bot.say(li, '/上报 学习 3'))).toContain('已记录')
    expect(cardText(await bot.say(zhang, '/上报 上周 学习 3'))).toContain('已记录')
  })

  it('compares with what a /更正 left standing, and counts nothing a correction replaced', async () => {
    await bot.say(zhang, '/上报 学习 3')
    await bot.say(zhang, '/上报 学习 3')
    const held = await lastReport()
    expect(cardText(await bot.say(zhang, '/更正 学习 5'))).toContain('更正为')
    const release = await bot.click(zhang, { a: 'release', report: held })
    expect(release.body.toast.content).toContain('已被 /更正 取代，不再计入')
    expect(cardText(await bot.say(zhang, '/上报 学习 3'))).toContain('已记录')
    expect(await weekStats()).toContain('集中学习 8次')
  })

  it('lets no other unit count it', async () => {
    await bot.say(zhang, '/上报 学习 3')
    await bot.say(zhang, '/上报 学习 3')
    const refused = await bot.click(li, { a: 'release', report: await lastReport() })
    expect(refused.body.toast.content).toContain('不是你们单位的')
    expect(await weekStats()).toContain('集中学习 3次')
  })
})

describe('an amount far above the unit’s own history', () => {
  async function history(...amounts: number[]) {
    for (const [i, amount] of amounts.entries()) {
      now = new Date(FRIDAY.getTime() - (amounts.length - i) * WEEK_MS)
      await bot.say(zhang, `/上报 学习 ${amount}`)
    }
    now = FRIDAY
  }

  it('is held until the liaison confirms it, with the usual figure beside it', async () => {
    await history(2, 3, 2)
    const held = cardText(await bot.say(zhang, '/上报 学习 30 党课 1'))
    expect(held).toContain('暂未计入')
    expect(held).toContain('集中学习 30次，本单位以往每周一般是 2')
    expect(held).toContain('核对无误，计入')
    expect(await weekStats()).not.toContain('集中学习')

    const confirmed = await bot.click(zhang, { a: 'release', report: await lastReport() })
    expect(confirmed.body.toast.content).toContain('已计入合计')
    expect(await weekStats()).toContain('集中学习 30次')
    expect(cardText(await bot.say(ADMIN, '/记录 区财政局'))).toContain(
      '数量远高于本单位以往，经 张三',
    )
  })

  it('counts what is within five times the median, what is 10 or less, and a first figure', async () => {
    await history(2, 3, 2)
    expect(cardText(await bot.say(zhang, '/上报 学习 10'))).toContain('已记录')
    expect(cardText(await bot.say(zhang, '/上报 党课 40'))).toContain('已记录')
    // Weekly figures now 6, 7, 6: 20 is within five times their median.
    await history(4, 4, 4)
    expect(cardText(await bot.say(wang, '/上报 学习 20'))).toContain('已记录')
  })
})
