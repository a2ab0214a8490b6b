import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isLocked, lockedThrough } from '../../db/queries/locks'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { buttonsOf } from './rectification-support'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48; 上周 is 2026-W47 (11月16日—11月22日).
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const WEEK_MS = 7 * 24 * 3600 * 1000
const zhang = { openId: 'ou_zhang', name: '张三' }

let bot: TestBot
let now = FRIDAY

beforeEach(async () => {
  now = new Date(FRIDAY.getTime() - WEEK_MS)
  bot = await createTestBot({ now: () => now })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/角色 管理员 @_user_1', { mentions: [ADMIN] })
  // Week 47: the figures that went upward.
  await bot.say(zhang, '/上报 学习 3 党课 1')
  now = FRIDAY
})
afterEach(() => bot.close())

const reports = async () =>
  Number((await bot.deps.database.client.execute('select count(*) from reports')).rows[0]![0])
/** A card's text as it reads in the chat, special characters unescaped. */
const say = async (...args: Parameters<TestBot['say']>) =>
  cardText(await bot.say(...args)).replace(/&#(\d+);/g, (_, code) => String.fromCharCode(code))
const LOCKED = '上周（11月16日—11月22日）已由 办公室 于 11-27 10:00 锁定（这一周的数已报送上级）'

/** Asks to lock and presses one of the confirmation's buttons. */
async function lockAnd(text: string, pressed: '确认锁定' | '取消') {
  const button = buttonsOf(await bot.say(ADMIN, text)).find((b) => b.text === pressed)!
  const { body } = await bot.click(ADMIN, button.value)
  return { toast: body.toast.content, card: cardText(body.card!.data) }
}

describe('/锁定 asks first', () => {
  it('listing who has not reported in the weeks it locks, and locks nothing until confirmed', async () => {
    await bot.say(ADMIN, '/单位 添加 区卫健委')
    const ask = await say(ADMIN, '/锁定 上周')
    expect(ask).toContain('锁定到 11月16日—11月22日？')
    // 区卫健委 was added this week: it was not due in the week being locked.
    expect(ask).toContain("**11月16日—11月22日**：<font color='red'>1 个单位未报</font>：区教育局")
    expect(ask).not.toContain('区卫健委')
    expect(buttonsOf(await bot.say(ADMIN, '/锁定 上周')).map((b) => b.text)).toEqual([
      '确认锁定',
      '取消',
    ])
    expect(await lockedThrough(bot.deps.database.db)).toBeNull()

    const cancelled = await lockAnd('/锁定 上周', '取消')
    expect(cancelled.card).toContain('已取消，没有锁定。')
    expect(await lockedThrough(bot.deps.database.db)).toBeNull()
    expect(await say(zhang, '/更正 学习 4 上周')).toContain('已更正')
  })

  it('locks once: a second click, or a card the lock has moved past since, changes nothing', async () => {
    const confirm = buttonsOf(await bot.say(ADMIN, '/锁定 上周')).find(
      (b) => b.text === '确认锁定',
    )!
    const first = await bot.click(ADMIN, confirm.value)
    expect(first.body.toast.content).toBe('已锁定到 11月16日—11月22日')
    const again = await bot.click(ADMIN, confirm.value)
    expect(again.body.toast.content).toBe('11月16日—11月22日已经锁定，没有改动。')

    await bot.say(ADMIN, '/解锁 上周')
    const stale = await bot.click(ADMIN, confirm.value)
    expect(stale.body.toast.content).toContain('请按新的未报情况再确认一次')
    expect(cardText(stale.body.card!.data)).toContain(
      "<font color='red'>1 个单位未报</font>：区教育局",
    )
    expect(await lockedThrough(bot.deps.database.db)).toMatchObject({ week: '2026-W46' })
  })

  it('lists the latest four of the weeks a first lock covers, and counts the rest', async () => {
    now = new Date(FRIDAY.getTime() + 5 * WEEK_MS)
    const ask = await say(ADMIN, '/锁定 上周')
    expect(ask).toContain('锁定到 12月21日—12月27日？')
    expect(ask).not.toContain('**11月23日—11月29日**')
    expect(ask).toContain("**12月7日—12月13日**：<font color='red'>2 个单位未报</font>")
    expect(ask).toContain('更早的 2 周未列出。')
  })

  it('lists the weeks since the last lock, and says all reported when they did', async () => {
    await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [ADMIN] })
    await lockAnd('/锁定 11月9日—11月15日', '确认锁定')
    await bot.say(ADMIN, '/更正 区教育局 上周 学习 1')
    const ask = await say(ADMIN, '/锁定 本周')
    expect(ask).not.toContain('11月9日—11月15日**')
    expect(ask).toContain('**11月16日—11月22日**：各单位都已上报')
    expect(ask).toContain(
      "**11月23日—11月29日**：<font color='red'>2 个单位未报</font>：区财政局、区教育局",
    )
  })
})

describe('/锁定 a week that went upward', () => {
  beforeEach(async () => {
    const { card } = await lockAnd('/锁定 2026-W47', '确认锁定')
    expect(card).toContain('已锁定')
    expect(card).toContain(
      '目前锁定：**11月16日—11月22日及以前各周**（办公室 于 11-27 10:00 锁定）',
    )
  })

  it('refuses a liaison’s /更正 into it, saying who to ask', async () => {
    const card = await say(zhang, '/更正 学习 5 上周')
    expect(card).toContain(`${LOCKED}，不能再更正，这条消息没有记录。`)
    expect(card).toContain('如确需改动，请联系主题教育办（办公室），由管理员更正。')
    expect(await reports()).toBe(1)
    expect(await say(ADMIN, '/统计 上周')).toContain('集中学习 3次')
  })

  it('refuses a liaison’s late /上报 into it, and takes this week’s', async () => {
    const card = await say(zhang, '/上报 上周 学习 2')
    expect(card).toContain(`${LOCKED}，不能再补报，这条消息没有记录。`)
    expect(card).toContain('如确需改动，请联系主题教育办（办公室），由管理员更正。')
    expect(await reports()).toBe(1)
    expect(await say(zhang, '/上报 学习 2')).toContain('已记录')
    expect(await say(ADMIN, '/统计 上周')).toContain('集中学习 3次')
  })

  it('refuses a liaison’s /撤销 into it', async () => {
    const card = await say(zhang, '/撤销')
    expect(card).toContain(`${LOCKED}，不能再撤销，这条消息没有记录。`)
    expect(card).toContain('如确需改动，请联系主题教育办（办公室），由管理员更正。')
    expect(await say(ADMIN, '/统计 上周')).toContain('集中学习 3次')
  })

  it('lets an admin correct it, marked as made after locking', async () => {
    const card = await say(ADMIN, '/更正 区财政局 上周 学习 5')
    expect(card).toContain('原为 3次，更正为 **5次**')
    expect(card).toContain(
      '这一周已由 办公室 于 11-27 10:00 锁定（数已报送上级），这是锁定后的更正',
    )
    expect(await say(ADMIN, '/统计 上周')).toContain('集中学习 5次')
    expect(await say(ADMIN, '/记录 区财政局')).toContain('锁定后的更正：这一周的数已报送上级')
  })

  it('tells an admin’s /撤销 to correct instead, or to unlock first', async () => {
    const card = await say(ADMIN, '/撤销 1')
    expect(card).toContain(`${LOCKED}，不能再撤销`)
    expect(card).toContain('管理员可用 /更正 单位 11月16日—11月22日 指标 数量 更正')
    expect(card).toContain('或先 /解锁 11月16日—11月22日')
  })

  it('leaves this week open', async () => {
    expect(await say(zhang, '/上报 学习 2')).toContain('已记录')
    expect(await say(zhang, '/更正 学习 4')).toContain('已更正')
    expect(await say(zhang, '/撤销 2')).toContain('已撤销')
  })

  it('/解锁 opens it again; earlier weeks stay locked', async () => {
    const card = await say(ADMIN, '/解锁 11月16日—11月22日')
    expect(card).toContain('已重新打开 11月16日—11月22日')
    expect(card).toContain('目前锁定：**11月9日—11月15日及以前各周**')
    const correct = await say(zhang, '/更正 学习 5 上周')
    expect(correct).toContain('原为 3次，更正为 **5次**')
    expect(correct).not.toContain('锁定后')
    expect(await lockedThrough(bot.deps.database.db)).toMatchObject({ week: '2026-W46' })
    expect(await isLocked(bot.deps.database.db, '2026-W47')).toBe(false)
  })

  it('answers a repeated or covered lock without changing it', async () => {
    expect(await say(ADMIN, '/锁定 11月9日—11月15日')).toContain(
      '11月9日—11月15日已经锁定，没有改动',
    )
    expect(await lockedThrough(bot.deps.database.db)).toMatchObject({ week: '2026-W47' })
  })
})

describe('/锁定 and /解锁 refuse', () => {
  it('anyone but an admin', async () => {
    expect(await say(zhang, '/锁定 上周')).toContain('没有权限')
    expect(await say(zhang, '/解锁 上周')).toContain('没有权限')
  })

  it('a week that has not come, or words that are not a week', async () => {
    expect(await say(ADMIN, '/锁定 2026-W49')).toContain('11月30日—12月6日还没到，不能锁定')
    expect(await say(ADMIN, '/锁定 全部')).toContain('看不懂「全部」')
    expect(await lockedThrough(bot.deps.database.db)).toBeNull()
  })

  it('to unlock a week that is not locked', async () => {
    expect(await say(ADMIN, '/解锁 上周')).toContain('11月16日—11月22日没有锁定。目前没有锁定的周')
    await lockAnd('/锁定 11月9日—11月15日', '确认锁定')
    expect(await say(ADMIN, '/解锁 上周')).toContain('目前锁定到 11月9日—11月15日')
  })

  it('shows what is locked when no week is named', async () => {
    expect(await say(ADMIN, '/锁定')).toContain('目前没有锁定的周')
    await lockAnd('/锁定 上周', '确认锁定')
    expect(await say(ADMIN, '/锁定')).toContain('目前锁定：**11月16日—11月22日及以前各周**')
  })
})
