import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { reports } from '../schema'

/** A report with its entries, revoked or not: what the export lists. */
export type ReportRow = {
  id: number
  unitId: number
  week: string
  reporter: string
  note: string | null
  createdAt: Date
  revokedBy: string | null
  revokedAt: Date | null
  /** [indicator, amount], by indicator. */
  entries: Array<[string, number]>
}

// Reports per page: about 500 entries, each page read, written and deflated in ~3 ms. Rows a
// page keeps alive outlast young collections; 400 a page grew the export's heap ~60 MB between
// full collections.
const PAGE = 100

/**
 * Every report of the given weeks (null: all) with its entries, oldest first, a page at a time
 * (keyset on the report id), and a turn of the event loop between pages: an export of two years
 * never holds webhooks back for more than one page.
 */
export async function* reportPages(
  db: Db,
  weeks: string[] | null,
  pageSize = PAGE,
): AsyncGenerator<ReportRow[]> {
  for (let after = 0; ;) {
    const page = await reportPage(db, { after, weeks, pageSize })
    if (page.length === 0) return
    yield page
    after = page.at(-1)!.id
    await new Promise((resolve) => setImmediate(resolve))
  }
}

type Packed = [
  number,
  number,
  string,
  string,
  string | null,
  number,
  string | null,
  number | null,
  Array<[string, number]>,
]

/**
 * One page as one JSON value: @libsql/client turns each cell it returns into a property of its
 * own (~3 µs), which for 731k entries × 10 columns was 30 s; SQLite packs them in C instead.
 * Reports by primary key, entries by entries_covering (test/documents/export-pages.test.ts).
 */
async function reportPage(
  db: Db,
  { after, weeks, pageSize }: { after: number; weeks: string[] | null; pageSize: number },
): Promise<ReportRow[]> {
  const inWeeks = weeks ? sql`and week in ${weeks}` : sql``
  const [row] = await db.all<{ page: string }>(sql`
    select json_group_array(json_array(r.id, r.unit_id, r.week, r.reporter_open_id, r.note,
      r.created_at, v.revoked_by, v.created_at,
      json((select json_group_array(json_array(e.indicator, e.amount))
        from entries e where e.report_id = r.id)))) as page
    from (select * from ${reports} where id > ${after} ${inWeeks} order by id limit ${pageSize}) r
    left join revocations v on v.report_id = r.id`)
  const packed = JSON.parse(row!.page) as Packed[]
  return packed
    .map(([id, unitId, week, reporter, note, createdAt, revokedBy, revokedAt, entries]) => ({
      id,
      unitId,
      week,
      reporter,
      note,
      createdAt: new Date(createdAt),
      revokedBy,
      revokedAt: revokedAt === null ? null : new Date(revokedAt),
      entries,
    }))
    .sort((a, b) => a.id - b.id)
}
