/**
 * The demo campaign: who takes part and what the office is chasing. Names are invented; the
 * units are the kind a district office collects figures from.
 */
export const DEMO_UNITS: Array<{ name: string; aliases: string[]; liaisons: string[] }> = [
  { name: '区委办', aliases: ['委办'], liaisons: ['张伟', '刘洋'] },
  { name: '区政府办', aliases: ['政府办'], liaisons: ['王芳'] },
  { name: '区财政局', aliases: ['财政局'], liaisons: ['李娜'] },
  { name: '区教育局', aliases: ['教育局'], liaisons: ['陈静', '杨帆'] },
  { name: '区卫健委', aliases: ['卫健委'], liaisons: ['赵磊'] },
  { name: '区民政局', aliases: ['民政局'], liaisons: ['孙丽'] },
  { name: '区住建局', aliases: ['住建局'], liaisons: ['周强'] },
  { name: '区市场监管局', aliases: ['市场监管局'], liaisons: ['吴敏'] },
  { name: '区司法局', aliases: ['司法局'], liaisons: ['郑涛'] },
  { name: '区人社局', aliases: ['人社局'], liaisons: ['冯雪'] },
  { name: '区农业农村局', aliases: ['农业农村局'], liaisons: ['何军'] },
  { name: '区文旅局', aliases: ['文旅局'], liaisons: ['高婷'] },
]

export const DEMO_LEADERS = ['林国栋', '钱晓梅']
export const DEMO_ADMIN = '主题教育办·许文'

/**
 * What a unit typically reports in a week: indicator key and a typical amount. Only what units
 * report and sum week by week: stocks, the office's figures and the ledger's counts are not.
 */
export const WEEKLY_MENU: Array<[string, number]> = [
  ['study', 2],
  ['group_sessions', 1],
  ['secretary_lectures', 1],
  ['field_research', 2],
  ['four_downs', 1],
  ['research_topics', 1],
  ['training', 1],
  ['post_contributions', 2],
  ['good_deeds', 3],
  ['lectures', 1],
  ['online_study', 2],
  ['rules_revised', 1],
]

/** Rectifications: unit index, deadline in days from today (negative: past), status. */
export const DEMO_RECTIFICATIONS: Array<{
  unit: number
  problem: string
  source: string
  measures: string
  dueInDays: number
  status: 'open' | 'pending' | 'closed'
}> = [
  {
    unit: 6,
    problem: '老旧小区加装电梯审批环节多、周期长',
    source: '调查研究',
    measures: '压缩审批环节，推行并联审批',
    dueInDays: -12,
    status: 'open',
  },
  {
    unit: 3,
    problem: '课后服务收费公示不规范',
    source: '群众反映',
    measures: '统一公示模板，逐校检查',
    dueInDays: -4,
    status: 'open',
  },
  {
    unit: 4,
    problem: '社区卫生服务中心预约挂号渠道单一',
    source: '调查研究',
    measures: '开通线上预约，增设老年人专窗',
    dueInDays: 9,
    status: 'open',
  },
  {
    unit: 2,
    problem: '惠企资金拨付进度偏慢',
    source: '审计监督',
    measures: '建立拨付台账，按周通报',
    dueInDays: 20,
    status: 'pending',
  },
  {
    unit: 7,
    problem: '农贸市场食品快检公示不及时',
    source: '督导',
    measures: '快检结果当日上屏公示',
    dueInDays: 30,
    status: 'open',
  },
  {
    unit: 5,
    problem: '低保复核材料重复提交',
    source: '专项整治',
    measures: '数据共享，一次提交',
    dueInDays: -20,
    status: 'closed',
  },
  {
    unit: 10,
    problem: '高标准农田管护责任不清',
    source: '巡视巡察',
    measures: '明确镇村两级管护清单',
    dueInDays: 45,
    status: 'open',
  },
]
