import { and, asc, eq, isNull } from 'drizzle-orm'
import type { Db, Write } from '../client'
import { targets } from '../schema'

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
