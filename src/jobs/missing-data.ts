import type { MissingUnit } from '../../templates/missing-card'
import { liaisonsOf } from '../../db/queries/people'
import { reportingByWeek } from '../../db/queries/totals'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import {
  missedInARow,
  TREND_WEEKS,
  weeklyRates,
  type ExpectedUnit,
  type Rate,
} from '../domain/leaders-view'
import { addWeeks, weekKey } from '../domain/week'

export type Reporting = {
  /** Units due in the week with no live entry in it, in unit order, each with its streak. */
  missing: MissingUnit[]
  /** Active units due in the week: added by its end, or reporting in it. */
  activeUnits: number
  /** 上报率 in each of the TREND_WEEKS weeks up to the week, the week last. */
  rates: Rate[]
}

/**
 * Who reported in `week` and the weeks before it: the one reading behind /未报, the reminder
 * and the digest, so a unit's 连续未报 is the same number on each of them.
 */
export async function missingUnits(db: Db, week: string): Promise<Reporting> {
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => addWeeks(week, i - TREND_WEEKS + 1))
  const [active, reporting] = await Promise.all([
    listUnits(db, { activeOnly: true }),
    reportingByWeek(db, weeks),
  ])
  // Expected from the week it was added, or from its first report if that came earlier
  // (figures entered for weeks before the unit was set up here).
  const expected: ExpectedUnit[] = active.map((u) => {
    const added = weekKey(u.createdAt)
    const first = weeks.find((w) => reporting.get(w)?.has(u.id))
    return { id: u.id, name: u.name, createdWeek: first && first < added ? first : added }
  })
  // A unit added after the week was not due in it.
  const due = expected.filter((u) => u.createdWeek <= week)
  const missing = due.filter((u) => !reporting.get(week)?.has(u.id))
  const liaisons = await liaisonsOf(
    db,
    missing.map((u) => u.id),
  )
  return {
    activeUnits: due.length,
    rates: weeklyRates(expected, weeks, reporting),
    missing: missing.map((u) => ({
      id: u.id,
      name: u.name,
      missed: missedInARow(u, weeks, reporting),
      liaisons: liaisons
        .filter((p) => p.unitId === u.id)
        .map((p) => ({ openId: p.openId, name: p.name })),
    })),
  }
}
