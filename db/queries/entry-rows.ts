import { asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '../client'
import { entries, reports, revocations, units } from '../schema'

/** Every entry of the given weeks (null: all), revoked ones too, oldest report first. */
export async function entryRows(db: Db, weeks: string[] | null) {
  return db
    .select({
      reportId: reports.id,
      unitName: units.name,
      week: reports.week,
      reporter: reports.reporterOpenId,
      note: reports.note,
      createdAt: reports.createdAt,
      indicator: entries.indicator,
      amount: entries.amount,
      revokedBy: revocations.revokedBy,
      revokedAt: revocations.createdAt,
    })
    .from(entries)
    .innerJoin(reports, eq(reports.id, entries.reportId))
    .innerJoin(units, eq(units.id, reports.unitId))
    .leftJoin(revocations, eq(revocations.reportId, reports.id))
    .where(weeks ? inArray(reports.week, weeks) : undefined)
    .orderBy(asc(reports.id))
}

export type EntryRow = Awaited<ReturnType<typeof entryRows>>[number]
