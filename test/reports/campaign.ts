import { deliverOnce } from '../../src/jobs/deliver'
import { rectifications } from '../../db/schema'
import { card, md } from '../../templates/card'
import { ADMIN, type TestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48.
export const FRIDAY = new Date('2026-11-27T02:00:00Z')
export const zhang = { openId: 'ou_zhang', name: '张三' }
export const li = { openId: 'ou_li', name: '李四' }
export const wang = { openId: 'ou_wang', name: '王五' }
export const leader = { openId: 'ou_leader', name: '赵书记' }

/**
 * A few weeks of a campaign, as the chat would have it: three units, three liaisons, reports
 * this week and last, one report revoked, two digests out, and four ledger items.
 */
export async function playCampaign(bot: TestBot) {
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [wang] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })

  await bot.say(zhang, '/上报 上周 启动党组织 12 抽调干部 3 中心组 2')
  await bot.say(zhang, '/上报 学习 3 党课 2 调研 4 四下基层 1')
  await bot.say(li, '/上报 中心组 5 培训 1 处级干部制定计划 6 个人学习计划 6 调研内容方面 4')
  await bot.say(wang, '/上报 学习 100')
  await bot.say(wang, '/撤销')
  await bot.say(li, '/上报 亮点信息 2 月报 1 办实事 30 备注：含“微心愿”')

  await sendDigests(bot, ['2026-W46', '2026-W47'])
  await fileLedger(bot)
}

/** The weekly digest as the scheduled job sends it: once per week and recipient. */
async function sendDigests(bot: TestBot, weeks: string[]) {
  for (const week of weeks) {
    const digest = card({ title: '主题教育周报', elements: [md(week)] })
    await deliverOnce(bot.deps, 'digest', week, [
      { to: { type: 'open_id', id: leader.openId }, card: digest },
    ])
  }
}

// Written straight into the ledger's tables while the /整改 commands are built alongside.
async function fileLedger(bot: TestBot) {
  const at = (iso: string) => new Date(iso)
  const item = (seq: number, over: Partial<typeof rectifications.$inferInsert>) => ({
    code: `ZG-2026-00${seq}`,
    year: 2026,
    seq,
    problem: `问题${seq}`,
    source: '调查研究',
    deadline: '2026-12-31',
    leadLeader: '赵书记',
    unitId: 1,
    createdBy: ADMIN.openId,
    createdAt: at('2026-11-20T02:00:00Z'),
    ...over,
  })
  await bot.deps.database.db
    .insert(rectifications)
    .values([
      item(1, { measures: '建立台账，限期办结' }),
      item(2, { status: 'closed', closedAt: at('2026-11-26T02:00:00Z'), unitId: 2 }),
      item(3, { source: '督导', status: 'closed', closedAt: at('2026-11-25T02:00:00Z') }),
      item(4, { source: '专项整治', deadline: '2026-11-01', problem: '窗口服务 <慢>' }),
    ])
}
