import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { twoUnits, wang, zhang } from '../support/liaisons'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48 (11月23日—11月29日).
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
const reports = () => count('select count(*) from reports')
/** A card's text as it reads in the chat, special characters unescaped. */
const say = async (...args: Parameters<TestBot['say']>) =>
  cardText(await bot.say(...args)).replace(/&#(\d+);/g, (_, code) => String.fromCharCode(code))
/** Each message a few seconds after the last, as people type them. */
const later = () => (now = new Date(now.getTime() + 5000))

describe('a liaison’s /更正', () => {
  it('sets the week’s figure: every earlier entry stops counting, and all stay on record', async () => {
    await say(zhang, '/上报 学习 3 党课 1')
    later()
    await say(wang, '/上报 学习 2')
    later()
    const card = await say(zhang, '/更正 学习 4')
    expect(card).toContain('已更正 · 记录号 #3')
    expect(card).toContain('区财政局 · 本周（11月23日—11月29日）')
    expect(card).toContain('集中学习**：原为 5次，更正为 **4次**')
    expect(card).toContain('不再计入：#1（张三 11-27 10:00 报 3次）、#2（王五 11-27 10:00 报 2次）')
    expect(card).toContain('更正人：张三')
    expect(card).toMatch(/本单位该周合计\*\*\n.*集中学习 4次，书记讲党课 1次/)

    expect(await say(ADMIN, '/统计 本周')).toContain('集中学习 4次')
    expect(await say(zhang, '/进度')).toContain('集中学习 4次')
    const records = await say(zhang, '/记录')
    expect(records).toContain('**#3** 11-27 10:00 · 区财政局 · 11月23日—11月29日 · 更正')
    expect(records).toContain('集中学习 4次 · 更正人 张三')
    expect(records).toContain('~~集中学习 3次~~（已被 #3 更正），书记讲党课 1次 · 上报人 张三')
    expect(records).toContain('~~集中学习 2次~~（已被 #3 更正） · 上报人 王五')
  })

  it('is replaced in turn by a second /更正', async () => {
    await say(zhang, '/上报 学习 3')
    await say(zhang, '/更正 学习 4')
    const card = await say(wang, '/更正 学习6')
    expect(card).toContain('原为 4次，更正为 **6次**')
    expect(card).toContain('不再计入：#2（张三')
    expect(card).toContain('更正人：王五')
    expect(await say(ADMIN, '/统计 本周')).toContain('集中学习 6次')
    expect(await say(zhang, '/记录')).toContain('~~集中学习 4次~~（已被 #3 更正） · 更正人 张三')
  })

  it('enters last week’s figure where there was none', async () => {
    const card = await say(zhang, '/更正 党课 2 上周')
    expect(card).toContain('区财政局 · 上周（11月16日—11月22日）')
    expect(card).toContain('这一周原来没有报，记为 **2次**')
    expect(card).toContain('还要改，再发一次 /更正 书记讲党课 数量 上周')
    expect(await say(ADMIN, '/统计 上周')).toContain('书记讲党课 2次')
    expect(await say(ADMIN, '/统计 本周')).not.toContain('书记讲党课')
  })

  it('also replaces a report held back as a duplicate, so confirming it later adds nothing', async () => {
    await say(zhang, '/上报 学习 3')
    await say(wang, '/上报 学习 3')
    const card = await say(zhang, '/更正 学习 4')
    expect(card).toContain('原为 3次，更正为 **4次**')
    expect(card).toContain('#2（王五 11-27 10:00 报 3次，当时未计入）')
    await bot.click(wang, { a: 'release', report: 2 })
    expect(await say(ADMIN, '/统计 本周')).toContain('集中学习 4次')
  })

  it('records nothing when the figure already stands', async () => {
    await say(zhang, '/上报 学习 3')
    expect(await say(zhang, '/更正 学习 3')).toContain(
      '区财政局本周（11月23日—11月29日）的集中学习本来就是 3次，没有改动',
    )
    expect(await reports()).toBe(1)
  })

  it('cannot be revoked: the reply says to correct again', async () => {
    await say(zhang, '/上报 学习 3')
    await say(zhang, '/更正 学习 4')
    const refused = await say(zhang, '/撤销')
    expect(refused).toContain('记录 #2 是一条更正，不能撤销')
    expect(refused).toContain('再发一次 /更正 指标 正确的数')
    expect(await say(ADMIN, '/统计 本周')).toContain('集中学习 4次')
  })
})

describe('an admin’s /更正', () => {
  async function reportInWeek40() {
    now = new Date(FRIDAY.getTime() - 8 * WEEK_MS) // Friday 2 October: 2026-W40
    await say(zhang, '/上报 学习 3 党课 1')
    now = FRIDAY
  }

  it('corrects any unit’s old week, named by its code or its dates', async () => {
    await reportInWeek40()
    const card = await say(ADMIN, '/更正 区财政局 2026-W40 学习 5')
    expect(card).toContain('区财政局 · 9月28日—10月4日')
    expect(card).toContain('原为 3次，更正为 **5次**')
    expect(card).toContain('还要改，再发一次 /更正 区财政局 9月28日—10月4日 集中学习 数量')
    expect(await say(ADMIN, '/统计 累计')).toContain('集中学习 5次')

    const again = await say(ADMIN, '/更正 区财政局 9月28日—10月4日 党课 2')
    expect(again).toContain('书记讲党课**：原为 1次，更正为 **2次**')
    expect(again).toMatch(/本单位该周合计\*\*\n.*集中学习 5次，书记讲党课 2次/)
  })

  it('puts back a figure revoked from an old week', async () => {
    await reportInWeek40()
    await say(ADMIN, '/撤销 1')
    expect(await say(ADMIN, '/统计 累计')).not.toContain('集中学习')
    const card = await say(ADMIN, '/更正 区财政局 10月1日 学习 3')
    expect(card).toContain('这一周原来没有报，记为 **3次**')
    expect(await say(ADMIN, '/统计 累计')).toContain('集中学习 3次')
  })

  it('names the unit, and asks for one when the admin has none', async () => {
    const card = await say(ADMIN, '/更正 学习 5')
    expect(card).toContain('请写上要更正哪个单位，这条消息没有记录')
    expect(card).toContain('例：/更正 区财政局 11月16日—11月22日 学习 5')
  })
})

describe('what /更正 refuses, recording nothing', () => {
  it.each([
    ['/更正 学历 5', '没有找到指标「学历」。你是不是要更正「集中学习」'],
    ['/更正 学习', '「学习」后面缺少数量，例：/更正 学习 5'],
    ['/更正 学习 很多', '数量必须是大于 0 的整数，例：/更正 集中学习 5'],
    ['/更正 学习 5 党课 1', '一次只能更正一个指标'],
    ['/更正 学习 5 2026-W49', '11月30日—12月6日还没到，不能更正'],
    ['/更正 学习 5 12月1日', '11月30日—12月6日还没到，不能更正'],
    ['/更正 学习 5 11月9日—11月15日', '联络员只能更正本周或上周的数'],
    ['/更正 区教育局 学习 5', '联络员只能更正本单位的数，「区教育局」不是你们单位'],
    ['/更正 区水利局 学习 5', '没有找到单位「区水利局」'],
    ['/更正 抽调干部 5', '由主题教育办填写，要改请用 /填报 抽调干部 数量'],
  ])('%s', async (text, reply) => {
    const card = await say(zhang, text)
    expect(card).toContain(reply)
    expect(await reports()).toBe(0)
  })

  it('tells an admin which unit does not exist, and what to type', async () => {
    const card = await say(ADMIN, '/更正 区水利局 2026-W40 学习 5')
    expect(card).toContain('没有找到单位「区水利局」')
    expect(card).toContain('/单位 列表')
    expect(await reports()).toBe(0)
  })

  it('is listed in /帮助 for liaisons and admins alike', async () => {
    expect(await say(zhang, '/帮助')).toContain('/更正 学习 5')
    expect(await say(ADMIN, '/帮助')).toContain('管理员：/更正 单位 11月16日—11月22日 学习 5')
  })
})
