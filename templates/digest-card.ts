import type { ReportView } from '../db/queries/reports'
import type { Catalog } from '../src/domain/catalog'
import type { LeadersView } from '../src/domain/leaders-view'
import { card, clip, esc, hr, md, table, type Element } from './card'
import { amountText, totalsMarkdown } from './format'
import { HELD_WHY } from './report-cards'
import {
  completionElements,
  overdueElements,
  rankingElements,
  reportingElements,
  trendElements,
} from './leaders-digest'

/** Everything the digest card shows; `unit` set means one unit's view (what a liaison sees). */
export type DigestData = {
  week: string
  weekLabel: string
  unit?: { name: string; reported: boolean }
  weekSums: Map<string, number>
  /** Stocks and office figures: what stands at the week's end (weekSums holds the change). */
  weekStanding: Map<string, number>
  previousSums: Map<string, number>
  cumulative: Map<string, number>
  /** Where the cumulative ends: 截至11月22日, the week's last day. */
  cumulativeLabel: string
  missing: string[]
  activeUnits: number
  rectifications?: { opened: number; closed: number; overdue: number }
  /** The week's reports held back as repeats or implausible figures, and whether counted since. */
  held?: ReportView[]
  /** The district view's 上报率, lagging units, targets, trend and overdue items. */
  leaders?: LeadersView
}

// The held reports the office checks, each in a line of at most so many characters; more are
// counted in one line.
const MAX_HELD = 10
const MAX_HELD_ITEMS = 60

// Keeps the card far below Lark's 30 KB even with hundreds of units not reporting.
const MAX_MISSING_NAMES = 60

export const change = (now: number, before: number) =>
  now === before ? '持平' : now > before ? `+${now - before}` : `${now - before}`

const reported = (sums: ReadonlyMap<string, number>, keys: string[]) =>
  keys.filter((k) => sums.has(k)).length

/**
 * How many of each category's indicators have a figure, in the week and the week before: a
 * count, since the indicators' own numbers are in different measure words (个, 次, 篇).
 */
function categoryTable(catalog: Catalog, data: DigestData): Element {
  const rows = catalog.byCategory().map(({ category, indicators }) => ({
    category,
    week: reported(
      data.weekSums,
      indicators.map((i) => i.key),
    ),
    before: reported(
      data.previousSums,
      indicators.map((i) => i.key),
    ),
    of: indicators.length,
  }))
  return table({
    columns: [
      { name: 'category', label: '类别' },
      { name: 'week', label: '该周有数的指标', align: 'right' },
      { name: 'before', label: '前一周', align: 'right' },
      { name: 'of', label: '指标总数', align: 'right' },
    ],
    rows,
  })
}

/**
 * Each indicator with a figure this week and how it moved from the week before; a stock's
 * figure is already its change, so what stands after it is shown instead.
 */
function indicatorLines(catalog: Catalog, data: DigestData): string {
  const lines = catalog.byCategory().flatMap(({ category, indicators }) => {
    const parts = indicators
      .filter((i) => data.weekSums.has(i.key))
      .map((i) => {
        const [now, before] = [data.weekSums.get(i.key)!, data.previousSums.get(i.key) ?? 0]
        const level = data.weekStanding.get(i.key)
        const moved = level === undefined ? change(now, before) : `现有 ${level}${i.measure}`
        return `${amountText(catalog, i.key, now)}（${moved}）`
      })
    return parts.length > 0 ? [`**${category}**：${parts.join('，')}`] : []
  })
  return lines.length > 0 ? lines.join('\n') : '该周还没有上报。'
}

function missingText(data: DigestData): string {
  if (data.missing.length === 0) return '**未上报单位**：无，全部单位都已上报 👍'
  const shown = data.missing.slice(0, MAX_MISSING_NAMES).map(esc).join('、')
  const more = data.missing.length > MAX_MISSING_NAMES ? ` 等 ${data.missing.length} 个单位` : ''
  return `**未上报单位**（${data.missing.length} / ${data.activeUnits}）：${shown}${more}`
}

/** For the office: what was held back this week, and what a liaison has confirmed since. */
function heldText(catalog: Catalog, held: ReportView[]): string {
  const lines = held.slice(0, MAX_HELD).map((r) => {
    const items = clip(
      r.items.map((i) => amountText(catalog, i.indicator, i.amount)).join('，'),
      MAX_HELD_ITEMS,
    )
    const state = r.releasedAt ? '已确认计入' : '暂未计入，待联络员确认'
    return `- ${esc(r.unitName)} #${r.id} ${items}（${HELD_WHY[r.held!]}，${state}）`
  })
  const more = held.length > MAX_HELD ? `\n另有 ${held.length - MAX_HELD} 条，见 /记录。` : ''
  return `**核对提示**：本周 ${held.length} 条上报被暂缓计入\n${lines.join('\n')}${more}`
}

function districtElements(catalog: Catalog, data: DigestData): Element[] {
  const { rectifications, leaders } = data
  return [
    ...(leaders ? [...rankingElements(leaders)] : []),
    md(missingText(data)),
    ...(data.held && data.held.length > 0 ? [md(heldText(catalog, data.held))] : []),
    ...(rectifications
      ? [
          md(
            `**整改台账**：该周新增 **${rectifications.opened}** 项，销号 **${rectifications.closed}** 项；目前逾期 **${rectifications.overdue}** 项`,
          ),
        ]
      : []),
    ...(leaders ? overdueElements(leaders) : []),
  ]
}

/**
 * The weekly digest (周报卡片), for the district or, with `data.unit`, one unit. It names its
 * week by dates, compares it with the week before, and counts cumulatives to the week's end.
 */
export function digestCard(catalog: Catalog, data: DigestData) {
  const title = data.unit ? `${data.unit.name} · 周报` : '主题教育周报'
  const status = data.unit
    ? [md(data.unit.reported ? '本单位该周已上报。' : '本单位该周**还没有上报**。')]
    : []
  const { leaders } = data
  return card({
    title,
    subtitle: data.weekLabel,
    elements: [
      ...status,
      ...(leaders ? [...reportingElements(leaders), ...trendElements(leaders)] : []),
      ...(leaders ? [...completionElements(leaders, data.cumulativeLabel), hr()] : []),
      md('**各类别有数的指标**（与前一周比较）'),
      categoryTable(catalog, data),
      md(indicatorLines(catalog, data)),
      hr(),
      md(`**累计（${data.cumulativeLabel}）**\n${totalsMarkdown(catalog, data.cumulative)}`),
      ...(data.unit ? [] : [hr(), ...districtElements(catalog, data)]),
    ],
  })
}
