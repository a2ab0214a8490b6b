import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48; last week is 2026-W47.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li', name: '李四' }
const wang = { openId: 'ou_wang', name: '王五' }
const zhao = { openId: 'ou_zhao', name: '赵六' }
const leader = { openId: 'ou_leader', name: '赵书记' }

let bot: TestBot

beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委 区民政局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/绑定 @_user_1 区卫健委', { mentions: [wang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区卫健委', { mentions: [zhao] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
})
afterEach(() => bot.close())

const sends = (to: string) => bot.outbox.items.filter((i) => i.kind === 'send' && i.to === to)

describe('/设置', () => {
  it('stores the group it is sent in, and explains that p2p will not do', async () => {
    const p2p = cardText(await bot.say(ADMIN, '/设置 联络员群', { chatType: 'p2p' }))
    expect(p2p).toContain('要在那个群里设置')
    const done = cardText(await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' }))
    expect(done).toContain('已设为联络员群')
    expect(cardText(await bot.say(ADMIN, '/设置 什么群'))).toContain('周报群')
    expect(cardText(await bot.say(zhang, '/设置 周报群'))).toContain('没有权限')
  })
})

describe('/未报 and 一键催报', () => {
  it('lists exactly the units without a live report, and nudges only their liaisons once a day', async () => {
    await bot.say(zhang, '/上报 学习 3')
    await bot.say(li, '/上报 学习 1')
    await bot.say(li, '/撤销')
    const card = await bot.say(leader, '/未报 本周')
    const text = cardText(card)
    expect(text).toContain('本周（11月23日—11月29日） 未上报 3 / 4')
    expect(text).toContain('区教育局')
    expect(text).toContain('**区卫健委** · 联络员：王五、赵六')
    expect(text).toMatch(/区民政局\*\* · 联络员：.*未绑定联络员/)
    expect(text).not.toContain('区财政局')

    const noGroup = await bot.click(leader, { a: 'nudge', week: '2026-W48' })
    expect(noGroup.body.toast.content).toContain('/设置 联络员群')
    expect(bot.outbox.items.filter((i) => i.kind === 'send')).toHaveLength(0)

    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    const first = await bot.click(leader, { a: 'nudge', week: '2026-W48' })
    expect(first.body.toast.type).toBe('success')
    expect(cardText(first.body.card?.data)).toContain(
      `已催报 · <at id=${leader.openId}></at> · 11-27 10:00`,
    )
    const [sent, ...more] = sends('chat_id:oc_liaisons')
    expect(more).toHaveLength(0)
    const body = JSON.stringify(sent!.card)
    const mentioned = [...body.matchAll(/<at id=(ou_\w+)><\/at>/g)].map((m) => m[1]).sort()
    expect(mentioned).toEqual(['ou_li', 'ou_wang', 'ou_zhao'])

    const again = await bot.click(ADMIN, { a: 'nudge', week: '2026-W48' })
    expect(again.body.toast.content).toContain('已经催报过了')
    expect(sends('chat_id:oc_liaisons')).toHaveLength(1)
    expect(cardText(await bot.say(leader, '/未报 本周'))).toContain('已催报')
  })

  it('nudges once when two people click at the same moment', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    const clicks = await Promise.all([
      bot.click(leader, { a: 'nudge', week: '2026-W48' }),
      bot.click(ADMIN, { a: 'nudge', week: '2026-W48' }),
    ])
    for (const click of clicks) {
      expect(click.status).toBe(200)
      expect(click.body.toast.content).toMatch(/已在联络员群催报|已经催报过了/)
    }
    expect(sends('chat_id:oc_liaisons')).toHaveLength(1)
    const claims = await bot.deps.database.client.execute(
      "select count(*) from job_deliveries where job = 'nudge'",
    )
    expect(claims.rows[0]![0]).toBe(1)
  })

  it('refuses liaisons, old cards and tampered values with a toast', async () => {
    expect(cardText(await bot.say(zhang, '/未报'))).toContain('没有权限')
    const liaison = await bot.click(zhang, { a: 'nudge', week: '2026-W48' })
    expect(liaison.body.toast.content).toContain('没有权限')
    const old = await bot.click(leader, { a: 'nudge', week: '2026-W40' })
    expect(old.status).toBe(200)
    expect(old.body.toast.content).toBe(
      '这张卡片是9月28日—10月4日的，已过期。请重新发送 /未报 查看。',
    )
    const bad = await bot.click(leader, { a: 'nudge', week: 'drop table' })
    expect(bad.body.toast.content).toContain('已失效')
  })

  it('says so when everyone has reported, and sends nothing', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    await bot.say(ADMIN, '/单位 停用 区民政局')
    for (const who of [zhang, li, wang]) await bot.say(who, '/上报 学习 1')
    expect(cardText(await bot.say(ADMIN, '/未报 本周'))).toContain(
      '本周（11月23日—11月29日） 全部单位都已上报',
    )
    const click = await bot.click(ADMIN, { a: 'nudge', week: '2026-W48' })
    expect(click.body.toast.content).toContain('无需催报')
    const result = await bot.runJob('remind', { now: FRIDAY })
    expect(result.skipped).toContain('全部单位都已上报')
    expect(bot.outbox.items.filter((i) => i.kind === 'send')).toHaveLength(0)
  })
})

describe('/周报', () => {
  beforeEach(async () => {
    await bot.say(zhang, '/上报 上周 学习 2')
    await bot.say(zhang, '/上报 学习 5 党课 1')
    await bot.say(li, '/上报 学习 1')
  })

  it('shows this week against the week before, cumulative to today, the reporting rate and missing units', async () => {
    const text = cardText(await bot.say(leader, '/周报 本周'))
    expect(text).toContain('主题教育周报 · 本周（11月23日—11月29日）')
    expect(text).toContain('**上报率 50%**（2 / 4 个单位）')
    // No table counting indicators; figures with their measure words, changes in words.
    expect(text).not.toContain('有数的指标')
    expect(text).toContain('集中学习 6次，比前一周多 4次')
    expect(text).toContain('书记讲党课 1次，前一周没有')
    // The week is still running on Friday: its cumulative is up to today, not to Sunday.
    expect(text).toMatch(/累计（截至11月27日）[\s\S]*集中学习 8次/)
    expect(text).not.toContain('截至11月29日')
    expect(text).toContain('**未上报 2 个单位**')
    expect(text).toMatch(/区卫健委 · 联络员 王五、赵六\n- 区民政局 · .*未绑定联络员/)
    expect(text).toContain('整改台账')
  })

  it('defaults to last week and gives a liaison only their unit', async () => {
    expect(cardText(await bot.say(leader, '/周报'))).toContain(
      '主题教育周报 · 上周（11月16日—11月22日）',
    )
    const own = cardText(await bot.say(li, '/周报 本周'))
    expect(own).toContain('区教育局 · 本周（11月23日—11月29日）')
    expect(own).toContain('集中学习 1次')
    expect(own).not.toContain('区财政局')
    expect(cardText(await bot.say(leader, '/周报 2026-W60'))).toContain('没有「2026-W60」这一周')
    expect(cardText(await bot.say(leader, '/周报 学习'))).toContain('看不懂「学习」')
    expect(cardText(await bot.say(leader, '/周报 2026-W50'))).toContain(
      '12月7日—12月13日这周还没到',
    )
  })
})
