import {
  and,
  count,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  sql,
  type SQL,
} from 'drizzle-orm'
import { runWrite, type Db, type Statement, type Write } from '../client'
import { slot, template } from '../statements'
import { nextNumber, sequenceValue } from './sequences'
import { entries, entryRevocations, reports, revocations, sequences, units } from '../schema'
import { totalsWrites } from './totals'

export type NewReport = {
  messageId: string
  unitId: number
  week: string
  reporterOpenId: string
  note: string | null
  createdAt: Date
  /** Held back instead of counted until someone releases it (see reports.held). */
  held?: 'duplicate' | 'outlier' | 'drop' | null
  items: Array<{ indicator: string; amount: number }>
}

const insertRow = template<Omit<NewReport, 'items'> & { items: string }>((db) =>
  db.insert(reports).values({
    id: sequenceValue('reports'),
    messageId: slot('messageId'),
    unitId: slot('unitId'),
    week: slot('week'),
    reporterOpenId: slot('reporterOpenId'),
    note: slot('note'),
    held: slot('held'),
    createdAt: slot('createdAt'),
  }),
)

/** The entries, as the typed order: one statement whatever their number (a JSON array). */
const insertItems = template<{ items: string }>(
  (db) =>
    db.run(sql`insert into ${entries} (report_id, indicator, amount)
    select ${sequenceValue('reports')}, value ->> 'indicator', value ->> 'amount'
    from json_each(${slot('items')}) order by key`) as never,
)

/**
 * One report and all its entries, under the number the commit takes (Context.newId), with its
 * totals refreshed: a batch's writes.
 */
export function reportWrites(report: NewReport): Statement[] {
  const values = { ...report, held: report.held ?? null, items: JSON.stringify(report.items) }
  return [insertRow(values), insertItems(values), ...totalsWrites()]
}

/** One report written on an open handle (the demo data); its id. */
export async function insertReport(db: Db, report: NewReport): Promise<number> {
  for (const w of [nextNumber('reports'), ...reportWrites(report)]) await runWrite(db, w)
  const [row] = await db
    .select({ id: sequences.last })
    .from(sequences)
    .where(eq(sequences.name, 'reports'))
  return row!.id
}

export type ReportView = {
  id: number
  /** The message (or the form's asking message) it came from, which its receipt answers. */
  messageId: string
  unitId: number
  unitName: string
  week: string
  reporterOpenId: string
  note: string | null
  createdAt: Date
  revokedBy: string | null
  revokedAt: Date | null
  /** Held back instead of counted (see reports.held), and who released it, when. */
  held: 'duplicate' | 'outlier' | 'drop' | null
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
    /** Only reports sent from `from` until before `until` (a day's: /进度 今天). */
    sent?: { from: Date; until: Date }
    /** Only /上报 reports, not /更正 corrections. */
    reportsOnly?: true
  } = {},
): Promise<ReportView[]> {
  const where: SQL[] = []
  if (filter.held) where.push(isNotNull(reports.held))
  if (filter.unitId !== undefined) where.push(eq(reports.unitId, filter.unitId))
  if (filter.week !== undefined) where.push(eq(reports.week, filter.week))
  if (filter.ids) where.push(inArray(reports.id, filter.ids))
  if (filter.messageId !== undefined) where.push(eq(reports.messageId, filter.messageId))
  if (filter.includeRevoked === false) where.push(isNull(revocations.reportId))
  if (filter.sent) {
    where.push(gte(reports.createdAt, filter.sent.from), lt(reports.createdAt, filter.sent.until))
  }
  if (filter.reportsOnly) where.push(eq(reports.kind, 'report'))
  const rows = await db
    .select({
      id: reports.id,
      messageId: reports.messageId,
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

/**
 * Revokes a report, and refreshes its totals, as a batch's writes. Read first whether it is
 * revoked already; one revoked meanwhile (a concurrent click) stays as it was, and the totals
 * are recomputed to the same figures, so nothing is taken off twice.
 */
export function revokeWrites(reportId: number, by: string, now: Date): Write[] {
  return [
    (db) =>
      db
        .insert(revocations)
        .values({ reportId, revokedBy: by, createdAt: now })
        .onConflictDoNothing(),
    ...totalsWrites(reportId),
  ]
}

/** Reports ever stored, revoked ones included. */
export async function countReports(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(reports)
  return row?.n ?? 0
}

/**
 * Counts a held report from now on, and refreshes its totals, as a batch's writes. Read first
 * whether it is held and not released; one released meanwhile keeps its first release.
 */
export function releaseWrites(reportId: number, by: string, at: Date): Write[] {
  return [
    (db) =>
      db
        .update(reports)
        .set({ releasedBy: by, releasedAt: at })
        .where(and(eq(reports.id, reportId), isNotNull(reports.held), isNull(reports.releasedAt))),
    ...totalsWrites(reportId),
  ]
}
