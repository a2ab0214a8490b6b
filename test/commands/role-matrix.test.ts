import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

const liaison = { openId: 'ou_m_liaison', name: '张三' }
const other = { openId: 'ou_m_other', name: '李四' }
const leader = { openId: 'ou_m_leader', name: '赵书记' }
// A leader who is also bound to a unit, so also its liaison.
const unitLeader = { openId: 'ou_m_unit_leader', name: '钱局长' }
const stranger = { openId: 'ou_m_stranger', name: '路人' }
const people = { admin: ADMIN, leader, unitLeader, liaison, stranger }
type Who = keyof typeof people

const REFUSED = /没有权限|尚未绑定|只有管理员|只能查看本单位|不是你们单位|只能/

// Each command as each role would type it in chat, and who gets an answer rather than a refusal.
const MATRIX: Array<[string, Who[]]> = [
  ['/上报 学习 1', ['admin', 'unitLeader', 'liaison']],
  ['/进度', ['admin', 'leader', 'unitLeader', 'liaison']],
  ['/进度 区教育局', ['admin', 'leader', 'unitLeader']],
  ['/统计', ['admin', 'leader', 'unitLeader']],
  ['/记录 区教育局', ['admin', 'leader', 'unitLeader']],
  ['/单位 添加 区水利局', ['admin']],
  ['/未报', ['admin', 'leader', 'unitLeader']],
  ['/周报', ['admin', 'leader', 'unitLeader', 'liaison']],
  ['/报告 累计', ['admin']],
  ['/导出 上报', ['admin']],
  ['/填报', ['admin']],
  ['/指标', ['admin', 'leader', 'unitLeader', 'liaison', 'stranger']],
]

let bot: TestBot
beforeAll(async () => {
  bot = await createTestBot({ now: () => new Date('2026-11-27T02:00:00Z') })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [ADMIN] })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [liaison] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [other] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [unitLeader] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [unitLeader] })
})
afterAll(() => bot.close())

describe('who may run what, through the chat', () => {
  for (const [command, allowed] of MATRIX) {
    for (const who of Object.keys(people) as Who[]) {
      const expected = allowed.includes(who)
      it(`${command} by ${who}: ${expected ? 'answered' : 'refused'}`, async () => {
        const text = cardText(await bot.say(people[who], command))
        if (expected) expect(text).not.toMatch(REFUSED)
        else expect(text).toMatch(REFUSED)
      })
    }
  }

  it('shows each person the commands they may run', async () => {
    expect(cardText(await bot.say(unitLeader, '/帮助'))).toContain('/上报')
    expect(cardText(await bot.say(leader, '/帮助'))).not.toContain('/上报')
    expect(cardText(await bot.say(leader, '/帮助'))).toContain('/统计')
    expect(cardText(await bot.say(liaison, '/帮助'))).not.toContain('/统计')
  })

  it('recorded reports only from those allowed, and added no unit for the refused', async () => {
    const reports = await bot.deps.database.client.execute('select reporter_open_id from reports')
    expect(reports.rows.map((r) => r[0]).sort()).toEqual(
      [ADMIN.openId, unitLeader.openId, liaison.openId].sort(),
    )
    const units = await bot.deps.database.client.execute(
      "select count(*) from units where name = '区水利局'",
    )
    expect(units.rows[0]![0]).toBe(1)
  })
})
