import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import type { Who } from '../../src/lark/payloads'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const leader = { openId: 'ou_leader', name: '赵书记' }
const unitLeader = { openId: 'ou_unit_leader', name: '钱局长' }
const stranger = { openId: 'ou_stranger', name: '路人' }
const ISO_WEEK = /\d{4}-W\d{2}/

let bot: TestBot
beforeAll(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [unitLeader] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [unitLeader] })
})
afterAll(() => bot.close())

const help = async (who: Who, chatType: 'group' | 'p2p' = 'group') =>
  cardText(await bot.say(who, '/帮助', { chatType }))

describe('/帮助 is written for its reader', () => {
  it("puts a liaison's 上报 first, with the @ in a group, and no admin syntax or week codes", async () => {
    const text = await help(zhang)
    expect(text).toContain('你是「区财政局」的联络员')
    expect(text).toContain('**@统计机器人 /上报 学习 3 党课 1**')
    expect(text.indexOf('/上报')).toBeLessThan(text.indexOf('/撤销'))
    expect(text.indexOf('/撤销')).toBeLessThan(text.indexOf('/进度'))
    expect(text).not.toMatch(ISO_WEEK)
    for (const admin of ['/单位', '管理员：', '/锁定', '/整改 新增', '/报告', '/统计', '@某人'])
      expect(text).not.toContain(admin)
    const p2p = await help(zhang, 'p2p')
    expect(p2p).toContain('**/上报 学习 3 党课 1**')
    expect(p2p).not.toContain('@统计机器人 /上报 学习 3 党课')
  })

  it("puts a leader's /周报 first and shows nothing that would refuse them", async () => {
    const text = await help(leader)
    expect(text).toContain('你的身份：领导')
    expect(text.match(/\/[^\s*]+/)?.[0]).toBe('/周报')
    expect(text).toContain('/未报')
    expect(text).not.toMatch(ISO_WEEK)
    for (const refused of ['/上报', '/单位', '/整改 新增', '重开', '/报告', '/锁定', '/填报'])
      expect(text).not.toContain(refused)
  })

  it('gives a leader who is bound to a unit the liaison steps too', async () => {
    const text = await help(unitLeader)
    expect(text).toContain('你也是「区教育局」的联络员')
    expect(text.indexOf('/周报')).toBeLessThan(text.indexOf('/上报'))
  })

  it('gives the office the full set, and a stranger how to bind', async () => {
    const office = await help(ADMIN)
    for (const name of [
      '/单位',
      '/绑定',
      '/角色',
      '/锁定',
      '/报告',
      '/导出',
      '/设置',
      '/整改 新增',
    ])
      expect(office).toContain(name)
    const text = await help(stranger, 'p2p')
    expect(text).toContain('你还没有绑定参学单位')
    expect(text).toContain('/绑定 单位名称 你的姓名')
    expect(text).not.toContain('/上报')
  })
})

describe('a refusal says what one can use instead', () => {
  it('lists the commands a liaison and a leader may use', async () => {
    const liaison = cardText(await bot.say(zhang, '/锁定 上周'))
    expect(liaison).toContain('没有权限')
    expect(liaison).toContain('你可以用：/上报 /撤销 /更正')
    expect(liaison).not.toMatch(/你可以用：.*\/锁定/)
    const byLeader = cardText(await bot.say(leader, '/报告 周报'))
    expect(byLeader).toMatch(/你可以用：.*\/周报/)
    expect(byLeader).not.toMatch(/你可以用：.*\/报告/)
    const click = await bot.click(zhang, { a: 'nudge', week: '2026-W47' })
    expect(click.body.toast.content).toContain('/帮助')
  })
})

describe('a bare /设置', () => {
  it('lists the current settings and how to change each', async () => {
    const before = cardText(await bot.say(ADMIN, '/设置', { chatType: 'p2p' }))
    expect(before).toContain('当前设置')
    expect(before).toMatch(/周报群\*\*：.*未设置/)
    expect(before).toContain('@统计机器人 /设置 联络员群')
    expect(before).toContain('每位领导私聊收到周报卡片（默认）')
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    await bot.say(ADMIN, '/设置 周报方式 两者', { chatType: 'p2p' })
    const after = cardText(await bot.say(ADMIN, '/设置', { chatType: 'p2p' }))
    expect(after).toContain('**联络员群**：已设置（11-27 10:00）')
    expect(after).toMatch(/周报群\*\*：.*未设置/)
    expect(after).toContain('周报卡片发到领导周报群，每位领导也私聊收到一份')
    expect(after).not.toContain('（默认）')
  })
})
