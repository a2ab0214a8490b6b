import { CATEGORIES } from '../src/domain/catalog'
import type { LeadersView, Rate } from '../src/domain/leaders-view'
import { RECENT_WEEKS, TREND_WEEKS } from '../src/domain/leaders-view'
import { shanghaiDate, weekRange } from '../src/domain/week'
import { clip, esc, md, table, type Element } from './card'
import { completionChart, trendChart } from './charts'
import { completionText } from './target-cards'

// Names listed before the rest are counted: the card stays far inside Lark's limits.
const MAX_LAGGING = 20
const MAX_TARGETS = 15
const MAX_RANKED = 10
const PROBLEM_CHARS = 30

const rateText = (r: Rate) => `**${r.percent}%**（${r.reported} / ${r.expected}）`

/** 11/23: a week by its Monday, as the chart's axis reads it. */
function weekTick(key: string) {
  const [, m, d] = shanghaiDate(weekRange(key).start).split('-').map(Number)
  return `${m}/${d}`
}

/** 上报率 and the units that keep missing: whether the numbers can be trusted to be complete. */
export function reportingElements(view: LeadersView): Element[] {
  const { week, recent } = view.rates
  const lines = [`**上报率**：该周 ${rateText(week)}，近 ${RECENT_WEEKS} 周 ${rateText(recent)}`]
  if (view.lagging.length > 0) {
    const shown = view.lagging
      .slice(0, MAX_LAGGING)
      .map((u) => `${esc(u.name)}（${u.missed}${u.missed >= TREND_WEEKS ? '+' : ''}周）`)
    const more = view.lagging.length > MAX_LAGGING ? ` 等 ${view.lagging.length} 个单位` : ''
    lines.push(`**连续 2 周以上未上报**：${shown.join('、')}${more}`)
  } else {
    lines.push('**连续 2 周以上未上报**：无')
  }
  return [md(lines.join('\n'))]
}

/** The weekly trend of the key indicators, as a chart. */
export function trendElements(view: LeadersView): Element[] {
  if (view.trend.series.length === 0) return []
  return [
    trendChart({
      title: `近 ${TREND_WEEKS} 周主要指标（全区，按周）`,
      weeks: view.trend.weeks.map(weekTick),
      series: view.trend.series,
    }),
  ]
}

/** The district's targets: each against the cumulative, and completion by category as a chart. */
export function completionElements(view: LeadersView, asOf: string): Element[] {
  if (view.completion.length === 0) {
    return [md('**目标完成情况**：还没有设目标（管理员发送 /目标 学习 2000 设定）。')]
  }
  const lines = view.completion.slice(0, MAX_TARGETS).map(completionText)
  const more = view.completion.length - MAX_TARGETS
  if (more > 0) lines.push(`另有 ${more} 项目标，发送 /目标 查看全部。`)
  const bars = CATEGORIES.flatMap((category) => {
    const mine = view.completion.filter((c) => c.indicator.category === category)
    if (mine.length === 0) return []
    const percent = mine.reduce((n, c) => n + Math.min(c.percent, 100), 0) / mine.length
    return [{ name: category, percent }]
  })
  return [
    md(`**目标完成情况**（累计${asOf}）\n${lines.join('\n')}`),
    ...(bars.length > 1 ? [completionChart({ title: '各类别目标完成率（%）', bars })] : []),
  ]
}

/** Units with targets by completion; ties share a rank and say 并列. */
export function rankingElements(view: LeadersView): Element[] {
  if (view.ranking.length === 0) return []
  const rows = view.ranking.slice(0, MAX_RANKED).map((r) => ({
    rank: r.tied ? `${r.rank}（并列）` : String(r.rank),
    name: r.name,
    percent: `${r.percent}%`,
  }))
  const more = view.ranking.length - MAX_RANKED
  return [
    md(`**单位目标完成率排名**（各单位目标完成率的平均）`),
    table({
      columns: [
        { name: 'rank', label: '名次' },
        { name: 'name', label: '单位' },
        { name: 'percent', label: '完成率', align: 'right' },
      ],
      rows,
    }),
    ...(more > 0 ? [md(`另有 ${more} 个单位，发送 /目标 查看全部。`)] : []),
  ]
}

/** The overdue items by name, the longest overdue first. */
export function overdueElements(view: LeadersView): Element[] {
  const { total, worst } = view.overdue
  if (total === 0) return []
  const lines = worst.map(
    (r) =>
      `- **${r.code}** ${esc(clip(r.problem, PROBLEM_CHARS))} · ${esc(r.unit)} · 牵头领导 ${esc(r.lead)} · ` +
      `<font color='red'>逾期 ${r.days} 天</font>`,
  )
  const more =
    total > worst.length ? `\n另有 ${total - worst.length} 项，发送 /整改 逾期 查看。` : ''
  return [md(`**逾期整改事项**（${total} 项，逾期最久的在前）\n${lines.join('\n')}${more}`)]
}
