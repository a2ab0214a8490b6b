/**
 * What each role does in a week, in the order they need it: /帮助 is a guide for its reader,
 * not a command reference. Each example names the command it runs, so a step whose command the
 * reader may not run (or that is gone from the registry) is left out rather than shown and refused.
 * Weeks are written as people say them (上周, 11月16日—11月22日), never as ISO codes.
 */
export type Example = { text: string; what: string }
export type Step = { title: string; command: string; examples: Example[] }

export const LIAISON_STEPS: Step[] = [
  {
    title: '上报本周的数',
    command: '上报',
    examples: [
      { text: '/上报 学习 3 党课 1', what: '一条写几项；整条要么全部记录，要么都不记录' },
      { text: '/上报', what: '取一张填写表，逐项填' },
      { text: '/上报 上周 学习 3', what: '补报上周漏报的' },
      { text: '/上报 无', what: '本周没有可报的，也要报一声，算已报' },
      {
        text: '/上报 联系点 12',
        what: '「联系点」这类存量指标报本单位现有的总数，不是本周新增的数',
      },
    ],
  },
  {
    title: '报错了',
    command: '撤销',
    examples: [{ text: '/撤销', what: '撤销本单位最近一条上报' }],
  },
  {
    title: '',
    command: '更正',
    examples: [
      { text: '/更正 学习 5', what: '把本周的「集中学习」改成 5；上周的写 /更正 学习 5 上周' },
    ],
  },
  {
    title: '看本单位的数',
    command: '进度',
    examples: [{ text: '/进度', what: '本单位本周各项的数；/进度 累计 看至今' }],
  },
  { title: '', command: '记录', examples: [{ text: '/记录', what: '最近的上报和记录号' }] },
  { title: '', command: '周报', examples: [{ text: '/周报', what: '本单位上周的周报' }] },
  {
    title: '本单位的整改事项',
    command: '整改',
    examples: [
      { text: '/整改 我的', what: '本单位负责的事项' },
      { text: '/整改 进展 编号 说明', what: '报一次进展' },
      { text: '/整改 销号 编号 说明', what: '整改完成，申请销号（主题教育办审核）' },
    ],
  },
  { title: '其他', command: '指标', examples: [{ text: '/指标', what: '全部统计指标和简称' }] },
]

export const LEADER_STEPS: Step[] = [
  {
    title: '每周的周报',
    command: '周报',
    examples: [
      { text: '/周报', what: '上周的上报率、未报单位、逾期整改和主要变化' },
      { text: '/周报 本周', what: '本周到目前为止' },
    ],
  },
  {
    title: '谁还没报',
    command: '未报',
    examples: [{ text: '/未报', what: '上周未报的单位，可一键催报；/未报 本周 看本周' }],
  },
  {
    title: '全区和各单位的数',
    command: '统计',
    examples: [{ text: '/统计', what: '全区各项的数（上周）；/统计 累计 看至今' }],
  },
  { title: '', command: '进度', examples: [{ text: '/进度 单位名称', what: '一个单位的数' }] },
  { title: '', command: '目标', examples: [{ text: '/目标', what: '目标完成情况与时间进度' }] },
  {
    title: '整改台账',
    command: '整改',
    examples: [
      { text: '/整改', what: '未销号的事项，逾期的在前' },
      { text: '/整改 逾期', what: '只看逾期的' },
    ],
  },
]

export const OFFICE_STEPS: Step[] = [
  {
    title: '每周：催报、周报、报上级',
    command: '未报',
    examples: [{ text: '/未报', what: '上周未报的单位，一键催报' }],
  },
  { title: '', command: '进度', examples: [{ text: '/进度 今天', what: '今天谁报了什么' }] },
  { title: '', command: '周报', examples: [{ text: '/周报', what: '领导看的周报卡片' }] },
  { title: '', command: '填报', examples: [{ text: '/填报', what: '填主题教育办自己的数' }] },
  { title: '', command: '报告', examples: [{ text: '/报告 周报', what: '生成上报材料草稿' }] },
  { title: '', command: '锁定', examples: [{ text: '/锁定 上周', what: '报送后锁定上周' }] },
  {
    title: '整改台账',
    command: '整改',
    examples: [{ text: '/整改 新增', what: '挂账一个问题（给出一张表）' }],
  },
]

export const STRANGER_STEPS: Step[] = [
  {
    title: '先绑定本单位',
    command: '绑定',
    examples: [
      { text: '/绑定 单位名称 你的姓名', what: '申请成为本单位的联络员，管理员同意后即可上报' },
    ],
  },
  { title: '其他', command: '指标', examples: [{ text: '/指标', what: '全部统计指标和简称' }] },
]
