import type { DigestData } from '../../templates/digest-card'
import { overdueItems, rectificationCounts } from '../../db/queries/rectifications'
import { listReports } from '../../db/queries/reports'
import { listTargets, targetTime } from '../../db/queries/targets'
import { districtByWeek, firstReportedWeek } from '../../db/queries/totals'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import { catalog } from '../domain/catalog'
import { emptyFigures } from '../domain/figures'
import {
  daysPast,
  rankByCompletion,
  RECENT_WEEKS,
  TREND_WEEKS,
  type LeadersView,
} from '../domain/leaders-view'
import { namedWeek } from '../domain/period'
import { completions, paced, type Paced } from '../domain/targets'
import {
  addWeeks,
  cumulativeThrough,
  digestWeek,
  shanghaiDate,
  weekAsOf,
  weekRange,
} from '../domain/week'
import { figureSources, periodFigures, type PeriodFigures } from '../documents/figures'
import { missingUnits } from './missing-data'

/** Overdue items the digest names; the rest are counted. */
const MAX_OVERDUE = 8

/** The week's, the week before's and the cumulative figures, from one read of their sources. */
async function digestFigures(db: Db, week: string, now: Date): Promise<PeriodFigures[]> {
  const sources = await figureSources(db)
  return Promise.all(
    [namedWeek(week, now), namedWeek(addWeeks(week, -1), now), cumulativeThrough(week, now)].map(
      (period) => periodFigures(db, catalog, period, sources),
    ),
  )
}

/** What the digest says of its week and its dates, for the district or one unit. */
function weekOf(week: string, now: Date) {
  return {
    week,
    weekLabel: namedWeek(week, now).label,
    asOf: cumulativeThrough(week, now).dates,
  }
}

/** The whole district's week, compared with the week before, and cumulative to its end. */
export async function digestData(db: Db, week: string, now: Date): Promise<DigestData> {
  const first = await firstReportedWeek(db)
  const [[thisWeek, before, cumulative], units, held, targets, time, rectifications, reporting] =
    await Promise.all([
      digestFigures(db, week, now),
      listUnits(db),
      listReports(db, { week, held: true, includeRevoked: false }),
      listTargets(db),
      targetTime(db, first),
      rectificationCounts(db, weekRange(week), now),
      missingUnits(db, week),
    ])
  const day = shanghaiDate(weekAsOf(week, now))
  const completion = paced(completions(catalog, targets, cumulative!), time, day)
  return {
    ...weekOf(week, now),
    weekSums: thisWeek!.district.values,
    weekStanding: thisWeek!.district.standing,
    previousSums: before!.district.values,
    cumulative: cumulative!.district.values,
    missing: reporting.missing,
    activeUnits: reporting.activeUnits,
    rectifications,
    held,
    leaders: await leadersView(db, week, now, {
      rates: reporting.rates.slice(-RECENT_WEEKS),
      completion,
      overdue: rectifications.overdue,
      first,
      units: new Map(units.map((u) => [u.id, u.name])),
    }),
  }
}

/** Key indicators for the trend: those with a district target, else the busiest flows. */
const TREND_SERIES = 3

/**
 * The trend's weeks: whole weeks up to the digest's, from the campaign's first reported week,
 * TREND_WEEKS at most. A week still running is left out: it would read as a drop.
 */
function trendWeeks(week: string, first: string | null, now: Date): string[] {
  const last = week < digestWeek(now) ? week : digestWeek(now)
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => addWeeks(last, i - TREND_WEEKS + 1))
  return first ? weeks.filter((w) => w >= first) : []
}

async function leadersView(
  db: Db,
  week: string,
  now: Date,
  known: {
    rates: LeadersView['rates']
    completion: Paced[]
    overdue: number
    first: string | null
    units: Map<number, string>
  },
): Promise<LeadersView> {
  const weeks = trendWeeks(week, known.first, now)
  const flows = catalog.all.filter((i) => i.kind === 'flow').map((i) => i.key)
  const [byWeek, overdue] = await Promise.all([
    districtByWeek(db, weeks, flows),
    overdueItems(db, shanghaiDate(now), MAX_OVERDUE),
  ])
  const district = known.completion.filter((c) => c.unitId === null)
  const targeted = district.filter((c) => c.indicator.kind === 'flow').map((c) => c.indicator.key)
  const volume = (key: string) =>
    byWeek.filter((r) => r.indicator === key).reduce((n, r) => n + r.total, 0)
  const busiest = flows.filter((k) => volume(k) > 0).sort((a, b) => volume(b) - volume(a))
  const keys = [...new Set([...targeted.filter((k) => volume(k) > 0), ...busiest])]
  const today = shanghaiDate(now)
  return {
    rates: known.rates,
    ranking: rankByCompletion(known.units, known.completion),
    completion: district,
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
      series: keys.slice(0, TREND_SERIES).map((key) => ({
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
  const [thisWeek, before, cumulative] = await digestFigures(db, week, now)
  const mine = (f: PeriodFigures | undefined) => f?.units.get(unit.id) ?? emptyFigures()
  return {
    ...weekOf(week, now),
    unit: { name: unit.name, reported: thisWeek!.reporting.has(unit.id) },
    weekSums: mine(thisWeek).values,
    weekStanding: mine(thisWeek).standing,
    previousSums: mine(before).values,
    cumulative: mine(cumulative).values,
    missing: [],
    activeUnits: 1,
  }
}
