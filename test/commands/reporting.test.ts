import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li', name: '李四' }
const wang = { openId: 'ou_wang', name: '王五' }
const leader = { openId: 'ou_leader', name: '赵书记' }
const stranger = { openId: 'ou_stranger', name: '路人' }

let bot: TestBot

async function setUp() {
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [wang] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
}

const sumOf = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0] ?? 0)
const liveTotal = (indicator: string) =>
  sumOf(
    `select sum(amount) from entries e join reports r on r.id = e.report_id where e.indicator = '${indicator}' and r.id not in (select report_id from revocations)`,
  )

beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await setUp()
})
afterEach(() => bot.close())

describe('/上报', () => {
  it('records several pairs, Chinese numerals and full-width digits in one report', async () => {
    const card = await bot.say(zhang, '／上报 学习３ 党课 二 调研 十二 备注：线上')
    const text = cardText(card)
    expect(text).toContain('已记录')
    expect(text).toContain('集中学习 3次')
    expect(text).toContain('书记讲党课 2次')
    expect(text).toContain('基层调研 12次')
    expect(text).toContain('区财政局')
    expect(await liveTotal('study')).toBe(3)
  })

  it('reads a command glued to what follows it', async () => {
    expect(cardText(await bot.say(zhang, '/上报学习3'))).toContain('集中学习 3次')
    expect(cardText(await bot.say(zhang, '/报党课1'))).toContain('书记讲党课 1次')
    expect(cardText(await bot.say(zhang, '/进度上周'))).toContain('上周')
    expect(await liveTotal('study')).toBe(3)
    expect(cardText(await bot.say(zhang, '/上报告'))).toContain('没有找到指标「告」')
    expect(await sumOf('select count(*) from reports')).toBe(2)
  })

  it('shows the unit totals this week on the receipt, across liaisons of the unit', async () => {
    await bot.say(zhang, '/上报 学习 3')
    const card = await bot.say(wang, '/上报 学习 2')
    expect(cardText(card)).toMatch(/本单位该周合计[\s\S]*集中学习 5次/)
  })

  it('rejects the whole message when one pair is wrong, and says what to type', async () => {
    const card = await bot.say(zhang, '/上报 学习 3 四下 2')
    const text = cardText(card)
    expect(text).toContain('四下基层')
    expect(text).toContain('没有记录')
    expect(await sumOf('select count(*) from reports')).toBe(0)
    for (const bad of [
      '/上报 学习 0',
      '/上报 学习 -1',
      '/上报 学习 abc',
      '/上报 学习 100000',
      '/上报 上周',
    ]) {
      const reply = cardText(await bot.say(zhang, bad))
      expect(reply, bad).toContain('没有记录')
    }
    expect(await sumOf('select count(*) from entries')).toBe(0)
  })

  it('counts a redelivered report once', async () => {
    const event = messageEvent({ text: '/上报 学习 3', sender: zhang })
    await bot.post(event)
    await bot.post({ ...event, header: { ...event.header, event_id: 'ev_again' } })
    expect(await liveTotal('study')).toBe(3)
  })

  it('files 上周 reports in last week', async () => {
    await bot.say(zhang, '/上报 上周 学习 4')
    await bot.say(zhang, '/上报 学习 1')
    expect(cardText(await bot.say(zhang, '/进度 上周'))).toContain('集中学习 4次')
    expect(cardText(await bot.say(zhang, '/进度'))).toContain('集中学习 1次')
  })

  it('tells an unbound sender how to get bound and records nothing', async () => {
    const text = cardText(await bot.say(stranger, '/上报 学习 3'))
    expect(text).toContain('/绑定')
    expect(text).toContain('管理员')
    expect(await sumOf('select count(*) from reports')).toBe(0)
  })

  it('puts Sunday 23:59 and Monday 00:00 (Shanghai) in different weeks', async () => {
    bot.setNow(new Date('2026-11-29T15:59:00Z'))
    await bot.say(zhang, '/上报 学习 1')
    bot.setNow(new Date('2026-11-29T16:00:00Z'))
    await bot.say(zhang, '/上报 学习 2')
    const weeks = await bot.deps.database.client.execute('select week from reports order by id')
    expect(weeks.rows.map((r) => r[0])).toEqual(['2026-W48', '2026-W49'])
  })
})

describe('/撤销', () => {
  it('revokes the unit’s latest report and keeps who did it in /记录', async () => {
    await bot.say(zhang, '/上报 学习 3')
    await bot.say(zhang, '/上报 学习 5 党课 1')
    expect(await liveTotal('secretary_lectures')).toBe(1)
    const card = await bot.say(wang, '/撤销')
    expect(cardText(card)).toContain('已撤销')
    // In the group the receipt is compact: the figures on one line, each struck through.
    expect(cardText(card)).toContain('~~集中学习 5次~~，~~书记讲党课 1次~~')
    expect(await liveTotal('study')).toBe(3)
    expect(await liveTotal('secretary_lectures')).toBe(0)
    const records = cardText(await bot.say(zhang, '/记录'))
    expect(records).toContain('已撤销')
    expect(records).toContain('王五')
    expect(records).toContain('~~集中学习 5次，书记讲党课 1次 · 上报人 张三~~')
  })

  it('revokes by button once, however often it is clicked', async () => {
    await bot.say(zhang, '/上报 学习 3')
    const id = await sumOf('select max(id) from reports')
    const first = await bot.click(zhang, { a: 'revoke', report: id })
    expect(first.body.toast.content).toContain('已撤销')
    expect(cardText(first.body.card?.data)).toContain('已撤销')
    const second = await bot.click(wang, { a: 'revoke', report: id })
    expect(second.body.toast.content).toContain('已经撤销过')
    expect(await sumOf('select count(*) from revocations')).toBe(1)
    expect(await liveTotal('study')).toBe(0)
  })

  it('shows the week as the revocation leaves it: a flow less, a stock back at its level before', async () => {
    await bot.say(zhang, '/上报 学习 3 个人学习计划 10')
    await bot.say(wang, '/上报 学习 2 个人学习计划 12')
    const card = cardText(await bot.say(wang, '/撤销'))
    expect(card).toContain('已撤销')
    const week = card.slice(card.indexOf('本单位该周合计'))
    expect(week).toContain('集中学习 3次')
    expect(week).toContain('个人学习计划 10个')
    const stored = cardText(await bot.say(zhang, '/进度'))
    expect(stored).toContain('集中学习 3次')
    expect(stored).toContain('个人学习计划 10个')
  })

  it('revokes once when two people click at the same moment', async () => {
    await bot.say(zhang, '/上报 学习 3')
    await bot.say(zhang, '/上报 学习 4')
    const id = await sumOf('select max(id) from reports')
    const clicks = await Promise.all([
      bot.click(zhang, { a: 'revoke', report: id }),
      bot.click(wang, { a: 'revoke', report: id }),
    ])
    for (const click of clicks) {
      expect(click.status).toBe(200)
      expect(click.body.toast.content).toMatch(/已撤销|已经撤销过/)
    }
    expect(await sumOf('select count(*) from revocations')).toBe(1)
    expect(await sumOf("select sum(amount) from week_totals where indicator = 'study'")).toBe(3)
    expect(await sumOf("select sum(amount) from unit_totals where indicator = 'study'")).toBe(3)
  })

  it('does not let another unit revoke, nor revoke twice by number', async () => {
    await bot.say(zhang, '/上报 学习 3')
    const id = await sumOf('select max(id) from reports')
    expect(cardText(await bot.say(li, `/撤销 ${id}`))).toContain('不是你们单位')
    expect((await bot.click(li, { a: 'revoke', report: id })).body.toast.content).toContain(
      '不是你们单位',
    )
    expect(await liveTotal('study')).toBe(3)
    await bot.say(ADMIN, `/撤销 #${id}`)
    expect(cardText(await bot.say(zhang, `/撤销 ${id}`))).toContain('已经撤销过')
    expect(await sumOf('select count(*) from revocations')).toBe(1)
  })
})

describe('seeing the numbers', () => {
  beforeEach(async () => {
    await bot.say(zhang, '/上报 学习 3 党课 1')
    await bot.say(li, '/上报 学习 2')
    await bot.say(li, '/上报 上周 调研 4')
  })

  it('/统计 totals all units and counts reporting units', async () => {
    const text = cardText(await bot.say(leader, '/统计 本周'))
    expect(text).toContain('集中学习 5次')
    expect(text).toContain('书记讲党课 1次')
    expect(text).toContain('已上报单位 **2** / 3')
    expect(text).toContain('区卫健委')
    expect(cardText(await bot.say(leader, '/统计 累计'))).toContain('基层调研 4次')
  })

  it('/进度 defaults to the liaison’s unit and refuses other units', async () => {
    const own = cardText(await bot.say(li, '/进度'))
    expect(own).toContain('区教育局')
    expect(own).toContain('集中学习 2次')
    expect(own).not.toContain('集中学习 5次')
    expect(cardText(await bot.say(li, '/进度 区财政局'))).toContain('只能查看本单位')
    expect(cardText(await bot.say(leader, '/进度 财政 累计'))).toContain('集中学习 3次')
  })

  it('lists the candidates when a unit name is ambiguous', async () => {
    expect(cardText(await bot.say(leader, '/进度 区'))).toMatch(/对应多个单位.*区财政局/)
  })

  it('refuses /统计 to liaisons and strangers', async () => {
    expect(cardText(await bot.say(zhang, '/统计'))).toContain('没有权限')
    expect(cardText(await bot.say(stranger, '/统计'))).toContain('绑定')
  })
})

describe('units and people', () => {
  it('renames, deactivates and keeps history', async () => {
    await bot.say(zhang, '/上报 学习 3')
    await bot.say(ADMIN, '/单位 改名 区财政局 区财政局（国资办）')
    expect(cardText(await bot.say(leader, '/进度 区财政局 本周'))).toContain('集中学习 3次')
    await bot.say(ADMIN, '/单位 停用 区卫健委')
    expect(cardText(await bot.say(leader, '/统计 本周'))).toContain('已上报单位 **1** / 2')
    expect(cardText(await bot.say(ADMIN, '/单位 列表'))).toContain('已停用')
  })

  it('moves a liaison between units and unbinds', async () => {
    const moved = cardText(await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [zhang] }))
    expect(moved).toContain('原属「区财政局」')
    await bot.say(zhang, '/上报 学习 1')
    expect(cardText(await bot.say(li, '/进度'))).toContain('集中学习 1次')
    await bot.say(ADMIN, '/解绑 @_user_1', { mentions: [zhang] })
    expect(cardText(await bot.say(zhang, '/上报 学习 1'))).toContain('/绑定')
  })

  it('only admins manage units and people', async () => {
    expect(cardText(await bot.say(leader, '/单位 添加 区水利局'))).toContain('只有管理员')
    expect(cardText(await bot.say(zhang, '/绑定 @_user_1 区财政局', { mentions: [li] }))).toContain(
      '没有权限',
    )
    expect(await sumOf("select count(*) from units where name = '区水利局'")).toBe(0)
  })

  it('escapes user text so a unit name cannot mention anyone', async () => {
    const text = cardText(await bot.say(ADMIN, '/单位 添加 <at_id=all></at>'))
    expect(text).not.toContain('<at')
  })
})
