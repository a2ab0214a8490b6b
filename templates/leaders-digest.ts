import { z } from 'zod'
import { CATEGORIES } from '../src/domain/catalog'
import { LAGGING_WEEKS, TREND_WEEKS, type LeadersView, type Rate } from '../src/domain/leaders-view'
import { personLabel } from '../src/domain/names'
import { can, type Actor } from '../src/domain/permissions'
import { shanghaiDate, weekRange } from '../src/domain/week'
import { button, buttons, clip, esc, md, table, type Element } from './card'
import { completionChart, trendChart } from './charts'
import type { MissingUnit } from './missing-card'
import { nudgeValue, weekValue as WEEK } from './missing-card'
import { paceText, timeNote } from './target-cards'

// What the first screen names before it counts the rest: it stays one phone screen tall.
const FIRST_MISSING = 5
const FIRST_OVERDUE = 3
const FIRST_TARGETS = 4
const UNIT_BUTTONS = 2
const ITEM_BUTTONS = 2
const MAX_RANKED = 10
const NAME_CHARS = 12
const PROBLEM_CHARS = 12

/**
 * A digest button that opens another view as a new message in the same chat, leaving the
 * digest as it is: /统计 of the digest's week, a unit's /进度 that week, or one 整改 item.
 */
export const openValue = z.discriminatedUnion('v', [
  z.object({ a: z.literal('open'), v: z.literal('stats'), w: WEEK }),
  z.object({ a: z.literal('open'), v: z.literal('unit'), w: WEEK, u: z.number().int().positive() }),
  z.object({ a: z.literal('open'), v: z.literal('item'), c: z.string().min(1).max(20) }),
])
export type OpenValue = z.infer<typeof openValue>

/** Which of the digest's buttons its reader may use, by their role. */
export type DigestActions = { nudge: boolean; stats: boolean; progress: boolean; items: boolean }

export const digestActions = (actor: Actor): DigestActions => ({
  nudge: can(actor, 'remind.send'),
  stats: can(actor, 'stats.read.all'),
  progress: can(actor, 'stats.read.all'),
  items: can(actor, 'rectification.read'),
})

const percentText = (r: Rate) => (r.expected === 0 ? '—' : `${r.percent}%`)

/** 上报率 of the week, and the weeks before it as a row of percents ending with it. */
export function rateElement(rates: Rate[]): Element {
  const week = rates.at(-1)!
  const shown = rates.filter((r) => r.expected > 0)
  const trend =
    shown.length > 1 ? `\n近 ${shown.length} 周：${shown.map(percentText).join(' → ')}` : ''
  return md(`**上报率 ${percentText(week)}**（${week.reported} / ${week.expected} 个单位）${trend}`)
}

const liaisonText = (u: MissingUnit) =>
  u.liaisons.length > 0
    ? `联络员 ${u.liaisons
        .slice(0, 2)
        .map((l) => esc(clip(personLabel(l.name), 8)))
        .join('、')}`
    : "<font color='grey'>未绑定联络员</font>"

/**
 * Who has not reported, the longest streak first, each with their liaison; 连续 N 周 where a
 * unit has missed LAGGING_WEEKS or more in a row.
 */
export function missingElement(missing: MissingUnit[], activeUnits: number): Element {
  if (missing.length === 0) return md(`**未上报**：无，${activeUnits} 个单位都已上报 👍`)
  const sorted = [...missing].sort((a, b) => b.missed - a.missed)
  const lagging = missing.filter((u) => u.missed >= LAGGING_WEEKS).length
  const lines = sorted.slice(0, FIRST_MISSING).map((u) => {
    const streak =
      u.missed >= LAGGING_WEEKS
        ? ` · <font color='red'>连续 ${u.missed}${u.missed >= TREND_WEEKS ? '+' : ''} 周</font>`
        : ''
    return `- ${esc(clip(u.name, NAME_CHARS))}${streak} · ${liaisonText(u)}`
  })
  const more = missing.length - FIRST_MISSING
  if (more > 0) lines.push(`- 另有 ${more} 个，发送 /未报 查看全部`)
  const head = `**未上报 ${missing.length} 个单位**（连续 ${LAGGING_WEEKS} 周以上 ${lagging} 个）`
  return md(`${head}\n${lines.join('\n')}`)
}

/** The overdue 整改 items, the longest overdue first: code, unit, 牵头领导, days. */
export function overdueElement(view: LeadersView): Element {
  const { total, worst } = view.overdue
  if (total === 0) return md('**逾期整改**：无')
  const lines = worst
    .slice(0, FIRST_OVERDUE)
    .map(
      (r) =>
        `- **${r.code}** ${esc(clip(r.problem, PROBLEM_CHARS))} · ${esc(clip(r.unit, NAME_CHARS))} · ` +
        `牵头 ${esc(clip(r.lead, 6))} · <font color='red'>逾期 ${r.days} 天</font>`,
    )
  const more = total - Math.min(worst.length, FIRST_OVERDUE)
  if (more > 0) lines.push(`- 另有 ${more} 项，发送 /整改 逾期 查看`)
  return md(`**逾期整改 ${total} 项**\n${lines.join('\n')}`)
}

/** The district's targets against the time gone: 集中学习 45 / 120次 · 37% 落后. */
export function targetElements(view: LeadersView, asOf: string): Element[] {
  const items = view.completion
  if (items.length === 0) return []
  // The ones furthest behind the time first: what a leader asks about.
  const sorted = [...items].sort((a, b) => a.percent - b.percent)
  const lines = sorted
    .slice(0, FIRST_TARGETS)
    .map(
      (c) =>
        `- ${c.indicator.name} ${c.done.toLocaleString('zh-CN')} / ${c.target.toLocaleString('zh-CN')}${c.indicator.measure} · **${c.percent}%**${paceText(c)}`,
    )
  const more = items.length - FIRST_TARGETS
  if (more > 0) lines.push(`- 另有 ${more} 项，发送 /目标 查看全部`)
  return [md(`**目标**（累计${asOf} · ${timeNote(items)}）\n${lines.join('\n')}`)]
}

/** The buttons a leader acts with, those their role may use only. */
export function actionElements(
  week: string,
  missing: MissingUnit[],
  view: LeadersView,
  may: DigestActions,
): Element[] {
  const items: Element[] = []
  if (may.nudge && missing.length > 0) {
    items.push(
      button({
        text: `催报 ${missing.length} 个单位`,
        type: 'primary',
        size: 'small',
        value: { a: 'nudge', week, d: 1 } satisfies z.infer<typeof nudgeValue>,
        confirm: {
          title: '催报',
          text: `在联络员群里 @ 全部 ${missing.length} 个未上报单位的联络员，确定吗？`,
        },
      }),
    )
  }
  if (may.stats) {
    const value: OpenValue = { a: 'open', v: 'stats', w: week }
    items.push(button({ text: '全区统计', size: 'small', value }))
  }
  if (may.progress) {
    const lagging = [...missing].sort((a, b) => b.missed - a.missed).slice(0, UNIT_BUTTONS)
    for (const u of lagging.filter((u) => u.missed >= LAGGING_WEEKS)) {
      const value: OpenValue = { a: 'open', v: 'unit', w: week, u: u.id }
      items.push(button({ text: `${clip(u.name, 6)} 进度`, size: 'small', value }))
    }
  }
  if (may.items) {
    for (const r of view.overdue.worst.slice(0, ITEM_BUTTONS)) {
      const value: OpenValue = { a: 'open', v: 'item', c: r.code }
      items.push(button({ text: r.code, size: 'small', value }))
    }
  }
  return items.length > 0 ? [buttons(...items)] : []
}

/** 11/23: a week by its Monday, as the chart's axis reads it. */
function weekTick(key: string) {
  const [, m, d] = shanghaiDate(weekRange(key).start).split('-').map(Number)
  return `${m}/${d}`
}

/** The weekly trend of the key indicators, and completion by category against the time gone. */
export function chartElements(view: LeadersView): Element[] {
  const { weeks, series } = view.trend
  const trend =
    series.length > 0 && weeks.length > 1
      ? [
          trendChart({
            title: `近 ${weeks.length} 周主要指标（全区，整周）`,
            weeks: weeks.map(weekTick),
            series,
          }),
        ]
      : []
  const bars = CATEGORIES.flatMap((category) => {
    const mine = view.completion.filter((c) => c.indicator.category === category)
    if (mine.length === 0) return []
    const percent = mine.reduce((n, c) => n + Math.min(c.percent, 100), 0) / mine.length
    return [{ name: category, percent }]
  })
  const time = view.completion[0]?.time
  return [
    ...trend,
    ...(bars.length > 1 ? [completionChart({ title: '各类别目标完成率（%）', bars, time })] : []),
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
