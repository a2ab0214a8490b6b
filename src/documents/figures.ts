import { liaisonsOf } from '../../db/queries/people'
import { officeFigureRows } from '../../db/queries/office-figures'
import { rectificationSummaries } from '../../db/queries/rectifications'
import {
  stockLevelsAt,
  totalsByUnit,
  weekOfUnit,
  type Pending,
  type UnitTotal,
} from '../../db/queries/totals'
import { listTargets, targetTime } from '../../db/queries/targets'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import type { Catalog } from '../domain/catalog'
import {
  districtFigures,
  officeLevels,
  unitFigures,
  type Figures,
  type OfficeRow,
  type UnitRow,
} from '../domain/figures'
import { weeksOf } from '../domain/period'
import {
  ledgerCounts,
  PENDING,
  RECTIFICATION_FIGURES,
  type RectificationRow,
} from '../domain/draft-figures'
import { completions, paced } from '../domain/targets'
import {
  addWeeks,
  cumulativeThrough,
  shanghaiDate,
  weekAsOf,
  weekKey,
  type Period,
} from '../domain/week'

export type PeriodFigures = {
  district: Figures
  units: Map<number, Figures>
  /** Units with a counted report in the period. */
  reporting: Set<number>
  /** What units reported in the period, summed per unit and indicator: activity, not figures. */
  counted: UnitRow[]
  /** The ledger's counts over the district, by name; absent where the ledger has no such item. */
  ledger: Map<string, number>
}

/** What every period's figures are drawn from besides its counted sums: read once, used for many. */
export type FigureSources = {
  ledger: RectificationRow[]
  office: OfficeRow[]
  /**
   * Stock levels through a week (all weeks: ''), each read once: a week's start is the week
   * before's end, so the digest's three periods ask for three levels, not five.
   */
  levels: Map<string, Promise<UnitTotal[]>>
}

export async function figureSources(db: Db): Promise<FigureSources> {
  const [ledger, office] = await Promise.all([rectificationSummaries(db), officeFigureRows(db)])
  return { ledger, office, levels: new Map() }
}

function stockLevels(db: Db, catalog: Catalog, levels: FigureSources['levels'], through?: string) {
  const key = through ?? ''
  let read = levels.get(key)
  if (!read) {
    const stocks = catalog.all.filter((i) => i.kind === 'stock').map((i) => i.key)
    read = stockLevelsAt(db, stocks, { through })
    levels.set(key, read)
  }
  return read
}

/**
 * Every figure of a period, for the district and each unit: the one computation behind
 * /统计, /进度, the digest, the exports and the draft, so they cannot disagree.
 */
export async function periodFigures(
  db: Db,
  catalog: Catalog,
  period: Period,
  sources?: FigureSources,
): Promise<PeriodFigures> {
  const weeks = weeksOf(period)
  // All time ends at the period's end when it has one (a past week's cumulative).
  const through = !weeks && period.end ? weekKey(new Date(period.end.getTime() - 1)) : undefined
  const range = period.end ? { start: period.start ?? new Date(0), end: period.end } : null
  const levels = sources?.levels ?? new Map()
  const [inPeriod, stocksAtEnd, stocksBefore, { ledger: ledgerRows, office }] = await Promise.all([
    totalsByUnit(db, weeks ? { weeks } : { through }),
    stockLevels(db, catalog, levels, weeks?.at(-1) ?? through),
    weeks ? stockLevels(db, catalog, levels, addWeeks(weeks[0]!, -1)) : [],
    sources ?? figureSources(db),
  ])
  const level = ({ unitId, indicator, total }: UnitTotal) => ({ unitId, indicator, amount: total })
  const ledger = ledgerCounts(ledgerRows, range)
  const counted = inPeriod.map(({ unitId, indicator, total }) => ({
    unitId,
    indicator,
    amount: total,
  }))
  const inputs = {
    whole: weeks === null,
    inPeriod: counted,
    stocksAtEnd: stocksAtEnd.map(level),
    stocksBefore: stocksBefore.map(level),
    ledger,
    office: officeLevels(office, range),
  }
  const units = unitFigures(catalog, inputs)
  const sum = (counts: Map<number, number>) => [...counts.values()].reduce((a, b) => a + b, 0)
  return {
    district: districtFigures(catalog, units, inputs),
    units,
    reporting: new Set(counted.map((r) => r.unitId)),
    counted,
    ledger: new Map([...ledger].filter(([, c]) => c.size > 0).map(([name, c]) => [name, sum(c)])),
  }
}

/**
 * The targets against the cumulative figures at the period's end (a week's, a month's last
 * week, or now): what /统计 and /进度 show beside the period's own figures. None without targets.
 */
export async function completionAt(
  db: Db,
  catalog: Catalog,
  period: Period,
  figures: PeriodFigures,
  now: Date,
) {
  const weeks = weeksOf(period)
  const cumulative = weeks ? cumulativeThrough(weeks.at(-1)!, now) : period
  const [targets, time] = await Promise.all([listTargets(db), targetTime(db)])
  if (targets.length === 0) return { items: [], asOf: cumulative.dates }
  // An all-time period's own figures are already the cumulative.
  const atEnd = weeks ? await periodFigures(db, catalog, cumulative) : figures
  const day = shanghaiDate(weeks ? weekAsOf(weeks.at(-1)!, now) : now)
  return { items: paced(completions(catalog, targets, atEnd), time, day), asOf: cumulative.dates }
}

/**
 * A unit's week as its receipts show it: flows summed, a stock at its latest value, so a
 * running total typed again reads as what the unit has, not twice as much. With `pending`, as
 * the week will stand once that revocation or release is written.
 */
export async function unitWeekTotals(
  db: Db,
  catalog: Catalog,
  unitId: number,
  week: string,
  pending?: Pending,
) {
  return weekAsShown(catalog, await weekOfUnit(db, unitId, week, pending))
}

/** week_totals rows of one unit's week, as unitWeekTotals shows them. */
export function weekAsShown(
  catalog: Catalog,
  rows: ReadonlyArray<{ indicator: string; amount: number; latest: number }>,
) {
  const sums = new Map<string, number>()
  for (const row of rows) {
    const stock = catalog.byKey(row.indicator)?.kind === 'stock'
    sums.set(row.indicator, stock ? row.latest : row.amount)
  }
  return sums
}

/**
 * Every value a draft template can name, for one period: the period's figures by indicator
 * name (〔待补〕 where there is no data), the ledger's counts, unit counts and the period's words.
 */
export async function draftFigures(db: Db, catalog: Catalog, period: Period, now: Date) {
  const figures = await periodFigures(db, catalog, period)
  const values = new Map<string, number | string>()
  for (const ind of catalog.all) {
    values.set(ind.name, figures.district.values.get(ind.key) ?? PENDING)
  }
  for (const name of Object.keys(RECTIFICATION_FIGURES)) {
    values.set(name, figures.ledger.get(name) ?? PENDING)
  }
  const active = await listUnits(db, { activeOnly: true })
  const activeIds = active.map((u) => u.id)
  values.set('单位.参学', active.length)
  values.set('单位.联络员', (await liaisonsOf(db, activeIds)).length)
  values.set('单位.上报', figures.reporting.size)

  const [, month, day] = shanghaiDate(now).split('-').map(Number)
  values.set('期间', period.dates)
  values.set('日期', `${month}月${day}日`)
  return values
}
