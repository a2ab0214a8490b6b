import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { li, twoUnits, wang, zhang } from '../support/liaisons'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const leader = { openId: 'ou_leader', name: '赵书记' }

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await twoUnits(bot)
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
})
afterEach(() => bot.close())

const say = async (...args: Parameters<TestBot['say']>) => cardText(await bot.say(...args))
const count = async () =>
  Number((await bot.deps.database.client.execute('select count(*) n from targets')).rows[0]!.n)

describe('/目标', () => {
  it('sets district and unit targets and shows completion against the cumulative figures', async () => {
    await say(zhang, '/上报 学习 30')
    await say(li, '/上报 学习 20')
    const set = await say(ADMIN, '/目标 学习 200')
    expect(set).toContain('已更新目标')
    expect(set).toContain('全区 · 集中学习：设为 **200次**（原先没有目标）')
    // No deadline yet: no colour, and the card says why it cannot tell behind from ahead.
    expect(set).toContain('集中学习 50 / 200次 ▰▰▱▱▱▱▱▱▱▱ **25%**\n')
    expect(set).toContain('未设目标期限，无法判断快慢')

    const unit = await say(ADMIN, '/目标 区财政局 学习 40')
    expect(unit).toContain('区财政局 · 集中学习：设为 **40次**')
    expect(unit).toContain('区财政局 · 集中学习 30 / 40次 ▰▰▰▰▰▰▰▱▱▱ **75%**')

    const again = await say(ADMIN, '/目标 学习300')
    expect(again).toContain('设为 **300次**（原为 200次）')
    expect(await count()).toBe(2)

    const view = await say(leader, '/目标')
    expect(view).toContain('目标与完成情况')
    expect(view).toContain('集中学习 50 / 300次')
    expect(view).toContain('区财政局 · 集中学习 30 / 40次')
  })

  it('reads completion against the time from the first reported week to the deadline', async () => {
    // Reported in the week of 11月16日; the deadline 12月13日: 28 days, 12 gone on 11月27日 (42%).
    bot.setNow(new Date('2026-11-18T02:00:00Z'))
    await say(zhang, '/上报 学习 10')
    bot.setNow(FRIDAY)
    await say(li, '/上报 学习 20')
    await say(ADMIN, '/目标 学习 100')
    await say(ADMIN, '/目标 区财政局 学习 25')
    const set = await say(ADMIN, '/目标 期限 12月13日')
    expect(set).toContain('目标期限：设为 **2026年12月13日**（原先没有期限）')
    expect(set).toContain('期限 2026年12月13日 · 时间进度 **42%**')
    expect(set).toContain(
      "集中学习 30 / 100次 ▰▰▰▱▱▱▱▱▱▱ **30%** <font color='red'>**落后**</font>",
    )
    expect(set).toContain(
      "区财政局 · 集中学习 10 / 25次 ▰▰▰▰▱▱▱▱▱▱ **40%** <font color='grey'>**正常**</font>",
    )
    expect(set).toContain('低于时间进度 5 个百分点以上为落后')
    // On the deadline the whole time has gone.
    bot.setNow(new Date('2026-12-13T02:00:00Z'))
    expect(await say(leader, '/目标')).toContain('时间进度 **100%**')
    expect(await say(ADMIN, '/目标 期限 取消')).toContain('目标期限：已取消（原为 2026年12月13日）')
    expect(await say(leader, '/目标')).toContain('未设目标期限，无法判断快慢')
    expect(await say(ADMIN, '/目标 期限 明天')).toContain('看不懂日期「明天」')
  })

  it('clears a target, and says so when there was none', async () => {
    await say(ADMIN, '/目标 学习 200')
    expect(await say(ADMIN, '/目标 学习 取消')).toContain('全区 · 集中学习：已取消（原为 200次）')
    expect(await count()).toBe(0)
    expect(await say(ADMIN, '/目标 学习 取消')).toContain('全区的「集中学习」本来就没有目标')
  })

  it('refuses what it cannot use, says what to type, and stores nothing', async () => {
    expect(await say(ADMIN, '/目标 跑步 20')).toContain('没有找到指标「跑步」')
    expect(await say(ADMIN, '/目标 学习')).toContain('「集中学习」后面要写目标数')
    expect(await say(ADMIN, '/目标 学习 0')).toContain('大于 0 的整数')
    expect(await say(ADMIN, '/目标 区税务局 学习 5')).toContain('没有找到单位「区税务局」')
    expect(await say(ADMIN, '/目标 区财政局 抽调干部 5')).toContain(
      '只有全区的数，不能给单位设目标',
    )
    expect(await say(leader, '/目标 学习 5')).toContain('只有管理员可以设定目标')
    expect(await say(wang, '/目标')).toMatch(/没有权限|无权/)
    expect(await count()).toBe(0)
  })
})
