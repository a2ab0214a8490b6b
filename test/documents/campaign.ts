import { ADMIN, cardText, type TestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48.
export const FRIDAY = new Date('2026-11-27T02:00:00Z')
export const zhang = { openId: 'ou_zhang', name: '张三' }
export const li = { openId: 'ou_li', name: '李四' }
export const wang = { openId: 'ou_wang', name: '王五' }
export const leader = { openId: 'ou_leader', name: '赵书记' }

/**
 * A few weeks of a campaign, as the chat would have it: three units, three liaisons, reports
 * this week and last, one report revoked, the office's own figures, and four ledger items, two
 * struck off.
 */
export async function playCampaign(bot: TestBot) {
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [wang] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })

  await bot.say(zhang, '/上报 上周 启动党组织 12 中心组 2')
  await bot.say(zhang, '/上报 学习 3 党课 2 调研 4 四下基层 1')
  await bot.say(li, '/上报 中心组 5 培训 1 处级干部制定计划 6 个人学习计划 6')
  await bot.say(wang, '/上报 学习 100')
  await bot.say(wang, '/撤销')
  await bot.say(li, '/上报 办实事 30 备注：含“微心愿”')
  await bot.say(ADMIN, '/填报 抽调干部 3 调研内容方面 4 亮点信息 2 月报 1 周报 2')

  await fileRectifications(bot)
}

/** The office's ledger work: four items, two of them struck off. */
async function fileRectifications(bot: TestBot) {
  const say = async (text: string) => {
    const reply = cardText(await bot.say(ADMIN, text))
    if (!/已挂账|已销号/.test(reply)) throw new Error(`${text} → ${reply}`)
  }
  const who = '牵头领导:赵书记 时限:2026-12-31'
  await say(`/整改 新增 审批材料重复提交 责任单位:区财政局 ${who} 措施:建立台账限期办结`)
  await say(`/整改 新增 窗口排队时间长 责任单位:区教育局 ${who}`)
  await say(`/整改 新增 学习记录不全 责任单位:区财政局 ${who} 来源:督导`)
  await say(`/整改 新增 窗口服务<慢> 责任单位:区卫健委 ${who} 来源:专项整治`)
  await say('/整改 销号 ZG-2026-002 已增设窗口')
  await say('/整改 销号 ZG-2026-003 已补齐记录')
}
