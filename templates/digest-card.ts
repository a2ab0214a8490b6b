import type { ReportView } from '../db/queries/reports'
import type { Catalog } from '../src/domain/catalog'
import type { LeadersView } from '../src/domain/leaders-view'
import { card, clip, esc, md, panel, type Element } from './card'
import { amountText, totalsMarkdown } from './format'
import {
  actionElements,
  chartElements,
  missingElement,
  overdueElement,
  rankingElements,
  rateElement,
  targetElements,
  type DigestActions,
} from './leaders-digest'
import type { MissingUnit } from './missing-card'
import { HELD_WHY } from './report-cards'

/** Everything the digest card shows; `unit` set means one unit's view (what a liaison sees). */
export type DigestData = {
  week: string
  /** 上周（11月23日—11月29日）: which week, by its dates. */
  weekLabel: string
  /** Where the cumulative ends: 截至11月29日, the week's last day or today, never later. */
  asOf: string
  unit?: { name: string; reported: boolean }
  weekSums: Map<string, number>
  /** Stocks and office figures: what stands at the week's end (weekSums holds the change). */
  weekStanding: Map<string, number>
  previousSums: Map<string, number>
  cumulative: Map<string, number>
  missing: MissingUnit[]
  activeUnits: number
  rectifications?: { opened: number; closed: number; overdue: number }
  /** The week's reports held back as repeats or implausible figures, and whether counted since. */
  held?: ReportView[]
  /** The district view's 上报率 by week, targets, trend and overdue items. */
  leaders?: LeadersView
  /** The buttons its reader may use; none when unset. */
  actions?: DigestActions
}

// The held reports the office checks, each in a line of at most so many characters; more are
// counted in one line.
const MAX_HELD = 10
const MAX_HELD_ITEMS = 60
const MAX_HIGHLIGHTS = 3

/**
 * The week's biggest changes against the week before, in words, for counts only (a stock's
 * figure is what stands, shown in the figures below): the largest first, none where nothing
 * changed.
 */
export function highlights(catalog: Catalog, data: DigestData): string[] {
  return catalog.all
    .filter((i) => i.kind === 'flow')
    .map((i) => ({
      i,
      now: data.weekSums.get(i.key) ?? 0,
      before: data.previousSums.get(i.key) ?? 0,
    }))
    .filter(({ now, before }) => now !== before)
    .sort((a, b) => Math.abs(b.now - b.before) - Math.abs(a.now - a.before))
    .slice(0, MAX_HIGHLIGHTS)
    .map(({ i, now, before }) => {
      const m = i.measure
      if (before === 0) return `${i.name} ${now}${m}，前一周没有`
      if (now === 0) return `${i.name} 该周没有，前一周 ${before}${m}`
      const more = now > before ? '多' : '少'
      return `${i.name} ${now}${m}，比前一周${more} ${Math.abs(now - before)}${m}`
    })
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

/** The week's and the cumulative figures by category, zeros left out. */
function figureElements(catalog: Catalog, data: DigestData): Element[] {
  return [
    md(`**该周**\n${totalsMarkdown(catalog, data.weekSums, data.weekStanding)}`),
    md(`**累计（${data.asOf}）**\n${totalsMarkdown(catalog, data.cumulative)}`),
  ]
}

/** The ledger's week and the office's checks, folded below. */
function ledgerElements(catalog: Catalog, data: DigestData): Element[] {
  const { rectifications: r, held } = data
  return [
    ...(r
      ? [
          md(
            `**整改台账**：该周新增 **${r.opened}** 项，销号 **${r.closed}** 项；目前逾期 **${r.overdue}** 项`,
          ),
        ]
      : []),
    ...(held && held.length > 0 ? [md(heldText(catalog, held))] : []),
  ]
}

/** One unit's week, for its liaison: whether it reported, its figures and its cumulative. */
function unitDigestCard(
  catalog: Catalog,
  data: DigestData & { unit: { name: string; reported: boolean } },
) {
  return card({
    title: `${data.unit.name} · ${data.weekLabel}`,
    subtitle: `累计${data.asOf}`,
    elements: [
      md(data.unit.reported ? '本单位该周已上报。' : '本单位该周**还没有上报**。'),
      ...figureElements(catalog, data),
    ],
  })
}

/**
 * The weekly digest (周报卡片). Its first screen answers a leader's questions in the order the
 * meeting asks them — 上报率, who has not reported, what is overdue, targets against the time,
 * what changed most — with the buttons to act; figures, ranking and charts are folded below.
 */
export function digestCard(catalog: Catalog, data: DigestData) {
  if (data.unit) return unitDigestCard(catalog, { ...data, unit: data.unit })
  const view = data.leaders!
  const changes = highlights(catalog, data)
  const ranking = rankingElements(view)
  const charts = chartElements(view)
  const ledger = ledgerElements(catalog, data)
  return card({
    title: `主题教育周报 · ${data.weekLabel}`,
    subtitle: `累计${data.asOf}`,
    elements: [
      rateElement(view.rates),
      missingElement(data.missing, data.activeUnits),
      overdueElement(view),
      ...targetElements(view, data.asOf),
      ...(changes.length > 0
        ? [md(`**变化最大**\n${changes.map((c) => `- ${c}`).join('\n')}`)]
        : []),
      ...(data.actions ? actionElements(data.week, data.missing, view, data.actions) : []),
      panel('各类别数据（该周 · 累计）', figureElements(catalog, data)),
      ...(ranking.length > 0 ? [panel('单位目标完成率排名', ranking)] : []),
      ...(charts.length > 0 ? [panel('趋势图', charts)] : []),
      ...(ledger.length > 0 ? [panel('整改台账与核对', ledger)] : []),
    ],
  })
}
