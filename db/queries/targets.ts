import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Db, Write } from '../client'
import { targets } from '../schema'
import { shanghaiDate, weekRange } from '../../src/domain/week'
import type { TargetTime } from '../../src/domain/targets'
import { getSetting } from './settings'
import { firstReportedWeek } from './totals'

export type Target = typeof targets.$inferSelect

/** Every target, the district's first: a few dozen rows. */
export const listTargets = (db: Db): Promise<Target[]> =>
  db.select().from(targets).orderBy(asc(targets.unitId), asc(targets.id))

/**
 * Sets (or, with amount null, clears) one target as a batch's writes: the old one goes and the
 * new one takes its place, for the district (unitId null) or one unit.
 */
export function targetWrites(t: {
  unitId: number | null
  indicator: string
  amount: number | null
  setBy: string
  at: Date
}): Write[] {
  const scope = t.unitId === null ? isNull(targets.unitId) : eq(targets.unitId, t.unitId)
  const clear: Write = (db) =>
    db.delete(targets).where(and(scope, eq(targets.indicator, t.indicator)))
  if (t.amount === null) return [clear]
  const row = { unitId: t.unitId, indicator: t.indicator, amount: t.amount, setBy: t.setBy }
  return [clear, (db) => db.insert(targets).values({ ...row, updatedAt: t.at })]
}

/** The targets' deadline (YYYY-MM-DD), set with /目标 期限. */
export const TARGET_DEADLINE = 'targets.deadline'

/** The Monday of a week, as the day the campaign began when it is the first reported one. */
const mondayOf = (week: string) => shanghaiDate(weekRange(week).start)

/** The Monday of the campaign's first reported week (YYYY-MM-DD), or null before any report. */
export async function campaignStart(db: Db): Promise<string | null> {
  const first = await firstReportedWeek(db)
  return first && mondayOf(first)
}

/**
 * The time the targets have: from the Monday of the first reported week (when the caller has
 * read it already, `firstWeek`) to the deadline; null until both exist.
 */
export async function targetTime(db: Db, firstWeek?: string | null): Promise<TargetTime | null> {
  const [deadline, first] = await Promise.all([
    getSetting(db, TARGET_DEADLINE),
    firstWeek === undefined ? firstReportedWeek(db) : firstWeek,
  ])
  return deadline && first ? { start: mondayOf(first), deadline } : null
}
