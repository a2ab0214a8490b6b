import { and, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import type { Db, Write } from '../client'
import { entries, entryRevocations, reports, revocations, sequences, units } from '../schema'
import { refreshTotals, totalsWrites } from './totals'

export type NewReport = {
  messageId: string
  unitId: number
  week: string
  reporterOpenId: string
  note: string | null
  createdAt: Date
  /** Held back instead of counted until someone releases it (see reports.held). */
  held?: 'duplicate' | 'outlier' | null
  items: Array<{ indicator: string; amount: number }>
}

/**
 * Takes the next report id, so a staged insert can name it (see reportWrites): one statement.
 * It never goes below the highest id stored, so rows inserted without it (demo data, older
 * code) cannot be handed out twice.
 */
export async function reserveReportId(db: Db): Promise<number> {
  const [row] = await db
    .update(sequences)
    .set({ last: sql`max(${sequences.last}, (select coalesce(max(id), 0) from ${reports})) + 1` })
    .where(eq(sequences.name, 'reports'))
    .returning({ last: sequences.last })
  return row!.last
}

/** One /上报 message, the report and all its entries under a reserved id, as a batch's writes. */
export function reportWrites(report: NewReport & { id: number }): Write[] {
  const { items, ...row } = report
  return [
    (db) => db.insert(reports).values(row),
    (db) => db.insert(entries).values(items.map((item) => ({ reportId: row.id, ...item }))),
    ...totalsWrites(row.id),
  ]
}

/** One report written on an open handle (the demo data); its id. */
export async function insertReport(db: Db, report: NewReport): Promise<number> {
  const id = await reserveReportId(db)
  for (const w of reportWrites({ ...report, id })) await w(db)
  return id
}

export type ReportView = {
  id: number
  unitId: number
  unitName: string
  week: string
  reporterOpenId: string
  note: string | null
  createdAt: Date
  revokedBy: string | null
  revokedAt: Date | null
  /** Held back instead of counted (see reports.held), and who released it, when. */
  held: 'duplicate' | 'outlier' | null
  releasedBy: string | null
  releasedAt: Date | null
  /** replaced: a /更正 set that indicator's figure since; the entry no longer counts. */
  items: Array<{ indicator: string; amount: number; replaced?: true }>
}

/** Reports with their entries and revocation, newest first. */
export async function listReports(
  db: Db,
  filter: {
    unitId?: number
    week?: string
    ids?: number[]
    /** The message (or the form) the report came from. */
    messageId?: string
    limit?: number
    includeRevoked?: boolean
    /** Only reports that were held back (duplicates, implausible figures), released or not. */
    held?: true
  } = {},
): Promise<ReportView[]> {
  const where: SQL[] = []
  if (filter.held) where.push(isNotNull(reports.held))
  if (filter.unitId !== undefined) where.push(eq(reports.unitId, filter.unitId))
  if (filter.week !== undefined) where.push(eq(reports.week, filter.week))
  if (filter.ids) where.push(inArray(reports.id, filter.ids))
  if (filter.messageId !== undefined) where.push(eq(reports.messageId, filter.messageId))
  if (filter.includeRevoked === false) where.push(isNull(revocations.reportId))
  const rows = await db
    .select({
      id: reports.id,
      unitId: reports.unitId,
      unitName: units.name,
      week: reports.week,
      reporterOpenId: reports.reporterOpenId,
      note: reports.note,
      createdAt: reports.createdAt,
      revokedBy: revocations.revokedBy,
      revokedAt: revocations.createdAt,
      held: reports.held,
      releasedBy: reports.releasedBy,
      releasedAt: reports.releasedAt,
    })
    .from(reports)
    .innerJoin(units, eq(units.id, reports.unitId))
    .leftJoin(revocations, eq(revocations.reportId, reports.id))
    .where(and(...where))
    .orderBy(desc(reports.id))
    .limit(filter.limit ?? 1000)
  if (rows.length === 0) return []
  // In the order the liaison typed them, as on the receipt.
  const items = await db
    .select({
      reportId: entries.reportId,
      indicator: entries.indicator,
      amount: entries.amount,
      replacedBy: entryRevocations.byReportId,
    })
    .from(entries)
    .leftJoin(
      entryRevocations,
      and(
        eq(entryRevocations.reportId, entries.reportId),
        eq(entryRevocations.indicator, entries.indicator),
      ),
    )
    .where(
      inArray(
        entries.reportId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(sql`${entries}.rowid`)
  return rows.map((r) => ({
    ...r,
    items: items
      .filter((i) => i.reportId === r.id)
      .map(({ indicator, amount, replacedBy }) =>
        replacedBy === null ? { indicator, amount } : { indicator, amount, replaced: true },
      ),
  }))
}

/** Marks a report revoked once, and its totals; false when it already was. */
export async function revokeReport(
  db: Db,
  reportId: number,
  by: string,
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insert(revocations)
    .values({ reportId, revokedBy: by, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: revocations.reportId })
  if (inserted.length === 0) return false
  await refreshTotals(db, reportId)
  return true
}

/** Reports ever stored, revoked ones included. */
export async function countReports(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(reports)
  return row?.n ?? 0
}

/** Counts a held report from now on, in its totals; false when it was not held or is released already. */
export async function releaseReport(db: Db, reportId: number, by: string, at: Date) {
  const released = await db
    .update(reports)
    .set({ releasedBy: by, releasedAt: at })
    .where(and(eq(reports.id, reportId), isNotNull(reports.held), isNull(reports.releasedAt)))
    .returning({ id: reports.id })
  if (released.length === 0) return false
  await refreshTotals(db, reportId)
  return true
}
