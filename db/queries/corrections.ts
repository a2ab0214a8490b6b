import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db, Write } from '../client'
import { entries, entryRevocations, reports, revocations } from '../schema'
import { sequenceValue } from './sequences'
import { counted, totalsWrites, withCountedJoins } from './totals'

export type NewCorrection = {
  messageId: string
  unitId: number
  week: string
  reporterOpenId: string
  createdAt: Date
  /** Made by an admin into a week already locked. */
  afterLock: boolean
  indicator: string
  amount: number
}

/** Entries of one unit, week and indicator that a correction would replace. */
const standing = (c: { unitId: number; week: string; indicator: string }) =>
  and(
    eq(reports.unitId, c.unitId),
    eq(reports.week, c.week),
    eq(entries.indicator, c.indicator),
    isNull(revocations.reportId),
    isNull(entryRevocations.reportId),
  )

/**
 * What a correction replaces: every entry of that indicator still standing in the unit's week,
 * oldest first, whether it counts or is held back (a held one released later would otherwise
 * add to the corrected figure).
 */
export async function standingEntries(
  db: Db,
  c: { unitId: number; week: string; indicator: string },
) {
  const query = db
    .select({
      reportId: reports.id,
      amount: entries.amount,
      reporterOpenId: reports.reporterOpenId,
      createdAt: reports.createdAt,
      counts: sql<number>`${counted()}`.mapWith(Boolean),
    })
    .from(entries)
    .$dynamic()
  return withCountedJoins(query).where(standing(c)).orderBy(reports.id)
}

/**
 * One /更正 as a batch's writes: the correction report, the replacement of every entry still
 * standing (chosen when the batch runs, so a report that arrived since the command read is
 * replaced too), then the new figure, which is not there yet to replace itself.
 */
export function correctionWrites(c: NewCorrection): Write[] {
  const { indicator, amount, ...row } = c
  const id = sequenceValue('reports')
  const replaced = (db: Db) =>
    db
      .select({
        reportId: entries.reportId,
        indicator: entries.indicator,
        byReportId: sql<number>`${id}`.as('by_report_id'),
        createdAt: sql<Date>`${c.createdAt.getTime()}`.as('created_at'),
      })
      .from(entries)
      .$dynamic()
  return [
    (db) => db.insert(reports).values({ ...row, id, note: null, kind: 'correction' }),
    (db) => db.insert(entryRevocations).select(withCountedJoins(replaced(db)).where(standing(c))),
    (db) => db.insert(entries).values({ reportId: id, indicator, amount }),
    ...totalsWrites(),
  ]
}

/** What /记录 shows beside reports: which are corrections, and which entries one replaced. */
export type CorrectionHistory = {
  /** The corrections among the reports, by id; afterLock: an admin's, into a locked week. */
  corrections: ReadonlyMap<number, { afterLock: boolean }>
  replaced: Array<{ reportId: number; indicator: string; byReportId: number }>
}

export async function correctionHistory(db: Db, reportIds: number[]): Promise<CorrectionHistory> {
  if (reportIds.length === 0) return { corrections: new Map(), replaced: [] }
  const [kinds, replaced] = await Promise.all([
    db
      .select({ id: reports.id, afterLock: reports.afterLock })
      .from(reports)
      .where(and(inArray(reports.id, reportIds), eq(reports.kind, 'correction'))),
    db
      .select({
        reportId: entryRevocations.reportId,
        indicator: entryRevocations.indicator,
        byReportId: entryRevocations.byReportId,
      })
      .from(entryRevocations)
      .where(inArray(entryRevocations.reportId, reportIds)),
  ])
  return { corrections: new Map(kinds.map((k) => [k.id, { afterLock: k.afterLock }])), replaced }
}
