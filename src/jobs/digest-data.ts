import type { DigestData } from '../../templates/digest-card'
import { overdueItems, rectificationCounts } from '../../db/queries/rectifications'
import { listReports } from '../../db/queries/reports'
import { listTargets } from '../../db/queries/targets'
import { districtByWeek, reportingByWeek } from '../../db/queries/totals'
import { listUnits } from '../../db/queries/units'
import type { Unit } from '../../db/schema'
import type { Db } from '../../db/client'
import { catalog } from '../domain/catalog'
import { emptyFigures } from '../domain/figures'
import { weekLabel } from '../domain/period'
import {
  daysPast,
  laggingUnits,
  rankByCompletion,
  RECENT_WEEKS,
  reportingRates,
  TREND_WEEKS,
  type LeadersView,
} from '../domain/leaders-view'
import { completions, type Completion } from '../domain/targets'
import {
  addWeeks,
  cumulativeThrough,
  periodFor,
  shanghaiDate,
  weekKey,
  weekRange,
} from '../domain/week'
import { figureSources, periodFigures, type PeriodFigures } from '../reports/figures'

/** Overdue items the digest names; the rest are counted. */
const MAX_OVERDUE = 8

// The week as periodFigures reads it: the weeks and dates it spans (its label is not read).
const weekPeriod = (key: string) => periodFor('本周', weekRange(key).start)

/** The week's, the week before's and the cumulative figures, from one read of their sources. */
async function digestFigures(db: Db, week: string): Promise<PeriodFigures[]> {
  const sources = await figureSources(db)
  return Promise.all(
    [weekPeriod(week), weekPeriod(addWeeks(week, -1)), cumulativeThrough(week)].map((period) =>
      periodFigures(db, catalog, period, sources),
    ),
  )
}

/** The whole district's week, compared with the week before, and cumulative to its end. */
export async function digestData(db: Db, week: string, now: Date): Promise<DigestData> {
  const [[thisWeek, before, cumulative], units, held, targets, rectifications] = await Promise.all([
    digestFigures(db, week),
    listUnits(db),
    listReports(db, { week, held: true, includeRevoked: false }),
    listTargets(db),
    rectificationCounts(db, weekRange(week), now),
  ])
  const active = units.filter((u) => u.active)
  const completion = completions(catalog, targets, cumulative!)
  return {
    week,
    weekLabel: weekLabel(week, now),
    weekSums: thisWeek!.district.values,
    weekStanding: thisWeek!.district.standing,
    previousSums: before!.district.values,
    cumulative: cumulative!.district.values,
    cumulativeLabel: cumulativeThrough(week).dates,
    missing: active.filter((u) => !thisWeek!.reporting.has(u.id)).map((u) => u.name),
    activeUnits: active.length,
    rectifications,
    held,
    leaders: await leadersView(db, week, now, {
      active,
      completion,
      overdue: rectifications.overdue,
      units: new Map(units.map((u) => [u.id, u.name])),
    }),
  }
}

/** Key indicators for the trend: those with a district target, else the busiest flows. */
const TREND_SERIES = 5

async function leadersView(
  db: Db,
  week: string,
  now: Date,
  known: { active: Unit[]; completion: Completion[]; overdue: number; units: Map<number, string> },
): Promise<LeadersView> {
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => addWeeks(week, i - TREND_WEEKS + 1))
  const flows = catalog.all.filter((i) => i.kind === 'flow').map((i) => i.key)
  const [reporting, byWeek, overdue] = await Promise.all([
    reportingByWeek(db, weeks),
    districtByWeek(db, weeks, flows),
    overdueItems(db, shanghaiDate(now), MAX_OVERDUE),
  ])
  // Expected from the week it was added, or from its first report if that came earlier
  // (figures entered for weeks before the unit was set up here).
  const firstReported = (id: number) => weeks.find((w) => reporting.get(w)?.has(id))
  const units = known.active.map((u) => {
    const added = weekKey(u.createdAt)
    const first = firstReported(u.id)
    return { id: u.id, name: u.name, createdWeek: first && first < added ? first : added }
  })
  const targeted = known.completion
    .filter((c) => c.unitId === null && c.indicator.kind === 'flow')
    .map((c) => c.indicator.key)
  const volume = (key: string) =>
    byWeek.filter((r) => r.indicator === key).reduce((n, r) => n + r.total, 0)
  const busiest = flows.filter((k) => volume(k) > 0).sort((a, b) => volume(b) - volume(a))
  const keys = [...new Set([...targeted, ...busiest])].slice(0, TREND_SERIES)
  const today = shanghaiDate(now)
  return {
    rates: reportingRates(units, weeks.slice(-RECENT_WEEKS), reporting),
    lagging: laggingUnits(units, weeks, reporting),
    ranking: rankByCompletion(known.units, known.completion),
    completion: known.completion.filter((c) => c.unitId === null),
    overdue: {
      total: known.overdue,
      worst: overdue.map((r) => ({
        code: r.code,
        problem: r.problem,
        unit: r.unitName,
        lead: r.leadLeader,
        days: daysPast(r.deadline, today),
      })),
    },
    trend: {
      weeks,
      series: keys.map((key) => ({
        name: catalog.byKey(key)!.name,
        values: weeks.map(
          (w) => byWeek.find((r) => r.week === w && r.indicator === key)?.total ?? 0,
        ),
      })),
    },
  }
}

/** One unit's week, for its liaison. */
export async function unitDigestData(
  db: Db,
  week: string,
  unit: { id: number; name: string },
  now: Date,
): Promise<DigestData> {
  const [thisWeek, before, cumulative] = await digestFigures(db, week)
  const mine = (f: PeriodFigures | undefined) => f?.units.get(unit.id) ?? emptyFigures()
  return {
    week,
    weekLabel: weekLabel(week, now),
    unit: { name: unit.name, reported: thisWeek!.reporting.has(unit.id) },
    weekSums: mine(thisWeek).values,
    weekStanding: mine(thisWeek).standing,
    previousSums: mine(before).values,
    cumulative: mine(cumulative).values,
    cumulativeLabel: cumulativeThrough(week).dates,
    missing: [],
    activeUnits: 1,
  }
}
