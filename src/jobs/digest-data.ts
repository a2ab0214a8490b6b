import type { DigestData } from '../../templates/digest-card'
import { rectificationCounts } from '../../db/queries/rectifications'
import { totals, totalsByUnit } from '../../db/queries/reports'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import { weekLabel } from '../domain/period'
import { addWeeks, weekRange } from '../domain/week'

const MOST_ACTIVE = 5

function sumBy<T>(rows: T[], key: (r: T) => string | number, amount: (r: T) => number) {
  const sums = new Map<string | number, number>()
  for (const r of rows) sums.set(key(r), (sums.get(key(r)) ?? 0) + amount(r))
  return sums
}

/** The whole district's week, compared with the week before, and cumulative to date. */
export async function digestData(db: Db, week: string, now: Date): Promise<DigestData> {
  const rows = await totalsByUnit(db, { weeks: [week] })
  const units = await listUnits(db)
  const active = units.filter((u) => u.active)
  const indicators = sumBy(
    rows,
    (r) => r.unitId,
    () => 1,
  )
  const amounts = sumBy(
    rows,
    (r) => r.unitId,
    (r) => r.total,
  )
  const mostActive = units
    .filter((u) => indicators.has(u.id))
    .map((u) => ({ name: u.name, indicators: indicators.get(u.id)!, amount: amounts.get(u.id)! }))
    .sort((a, b) => b.indicators - a.indicators || b.amount - a.amount)
    .slice(0, MOST_ACTIVE)
  return {
    week,
    weekLabel: weekLabel(week, now),
    weekSums: sumBy(
      rows,
      (r) => r.indicator,
      (r) => r.total,
    ) as Map<string, number>,
    previousSums: await totals(db, { weeks: [addWeeks(week, -1)] }),
    cumulative: await totals(db, { weeks: null }),
    mostActive,
    missing: active.filter((u) => !indicators.has(u.id)).map((u) => u.name),
    activeUnits: active.length,
    rectifications: await rectificationCounts(db, weekRange(week), now),
  }
}

/** One unit's week, for its liaison. */
export async function unitDigestData(
  db: Db,
  week: string,
  unit: { id: number; name: string },
  now: Date,
): Promise<DigestData> {
  const weekSums = await totals(db, { weeks: [week], unitId: unit.id })
  return {
    week,
    weekLabel: weekLabel(week, now),
    unit: { name: unit.name, reported: weekSums.size > 0 },
    weekSums,
    previousSums: await totals(db, { weeks: [addWeeks(week, -1)], unitId: unit.id }),
    cumulative: await totals(db, { weeks: null, unitId: unit.id }),
    mostActive: [],
    missing: [],
    activeUnits: 1,
  }
}
