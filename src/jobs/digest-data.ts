import type { DigestData } from '../../templates/digest-card'
import { rectificationCounts } from '../../db/queries/rectifications'
import { listReports } from '../../db/queries/reports'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import { catalog } from '../domain/catalog'
import { emptyFigures } from '../domain/figures'
import { weekLabel } from '../domain/period'
import { addWeeks, cumulativeThrough, periodFor, weekRange } from '../domain/week'
import { figureSources, periodFigures, type PeriodFigures } from '../reports/figures'

const MOST_ACTIVE = 5

// The week as periodFigures reads it: the weeks and dates it spans (its label is not read).
const weekPeriod = (key: string) => periodFor('本周', weekRange(key).start)

/** The week's, the week before's and the cumulative figures, from one read of their sources. */
async function digestFigures(db: Db, week: string): Promise<PeriodFigures[]> {
  const sources = await figureSources(db, catalog)
  return Promise.all(
    [weekPeriod(week), weekPeriod(addWeeks(week, -1)), cumulativeThrough(week)].map((period) =>
      periodFigures(db, catalog, period, sources),
    ),
  )
}

/** The whole district's week, compared with the week before, and cumulative to date. */
export async function digestData(db: Db, week: string, now: Date): Promise<DigestData> {
  const [[thisWeek, before, cumulative], units, held] = await Promise.all([
    digestFigures(db, week),
    listUnits(db),
    listReports(db, { week, held: true, includeRevoked: false }),
  ])
  const active = units.filter((u) => u.active)
  // Who was busiest: how many indicators each unit reported, then how much in all.
  const activity = new Map<number, { indicators: number; amount: number }>()
  for (const r of thisWeek!.counted) {
    const seen = activity.get(r.unitId) ?? { indicators: 0, amount: 0 }
    activity.set(r.unitId, { indicators: seen.indicators + 1, amount: seen.amount + r.amount })
  }
  const mostActive = units
    .filter((u) => activity.has(u.id))
    .map((u) => ({ name: u.name, ...activity.get(u.id)! }))
    .sort((a, b) => b.indicators - a.indicators || b.amount - a.amount)
    .slice(0, MOST_ACTIVE)
  return {
    week,
    weekLabel: weekLabel(week, now),
    weekSums: thisWeek!.district.values,
    weekStanding: thisWeek!.district.standing,
    previousSums: before!.district.values,
    cumulative: cumulative!.district.values,
    mostActive,
    missing: active.filter((u) => !thisWeek!.reporting.has(u.id)).map((u) => u.name),
    activeUnits: active.length,
    rectifications: await rectificationCounts(db, weekRange(week), now),
    held,
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
    mostActive: [],
    missing: [],
    activeUnits: 1,
  }
}
