import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  max,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm'
import { codePrefix, overdueDays, shanghaiYear } from '../../src/domain/rectification'
import type { RectificationRow } from '../../src/domain/draft-figures'
import { shanghaiDate } from '../../src/domain/week'
import { runWrite, type Db, type Write } from '../client'
import {
  rectificationHistory,
  rectifications,
  units,
  type Rectification,
  type RectificationHistory,
} from '../schema'
import { packed } from '../statements'
import { ledgerSequence, nextNumber, numberShown, sequenceValue } from './sequences'

export type RectificationItem = Rectification & { unitName: string }
export type RectificationView = 'outstanding' | 'overdue' | 'closed' | 'all'
/** `leader`: items they lead, by open_id, or by name where none was @mentioned. */
export type RectificationFilter = {
  view: RectificationView
  unitId?: number
  leader?: { openId: string; name?: string }
}
export type Change = {
  actor: string
  action: string
  field?: string
  oldValue?: string | null
  newValue?: string | null
  note?: string
  dedupeKey?: string
}

const OUTSTANDING = ['open', 'pending'] as const
const columns = { ...getTableColumns(rectifications), unitName: units.name }

function where(filter: RectificationFilter, today: string): SQL | undefined {
  const view = {
    outstanding: inArray(rectifications.status, [...OUTSTANDING]),
    overdue: and(
      inArray(rectifications.status, [...OUTSTANDING]),
      lt(rectifications.deadline, today),
    ),
    closed: eq(rectifications.status, 'closed'),
    all: undefined,
  }[filter.view]
  return and(
    view,
    filter.unitId ? eq(rectifications.unitId, filter.unitId) : undefined,
    filter.leader ? leads(filter.leader) : undefined,
  )
}

/**
 * Whether an item belongs in a view, as where() selects: for an item whose change is staged
 * and not yet stored (overdueDays: not struck off and past its deadline).
 */
export function inView(view: RectificationView, item: RectificationItem, today: string): boolean {
  if (view === 'all') return true
  if (view === 'overdue') return overdueDays(item, today) > 0
  return (item.status === 'closed') === (view === 'closed')
}

function leads(leader: { openId: string; name?: string }) {
  const byName = leader.name
    ? and(isNull(rectifications.leadLeaderOpenId), eq(rectifications.leadLeader, leader.name))
    : undefined
  return or(eq(rectifications.leadLeaderOpenId, leader.openId), byName)
}

// Deadline order puts overdue items first by itself: theirs are the only ones before today.
const ORDER = {
  outstanding: [asc(rectifications.deadline), asc(rectifications.id)],
  overdue: [asc(rectifications.deadline), asc(rectifications.id)],
  closed: [desc(rectifications.closedAt), desc(rectifications.id)],
  all: [
    asc(sql`case when ${rectifications.status} = 'closed' then 1 else 0 end`),
    asc(rectifications.deadline),
    asc(rectifications.id),
  ],
}

/** One page of the ledger, in the order the office reads it, and how many there are in all. */
export async function listRectifications(
  db: Db,
  filter: RectificationFilter,
  today: string,
  page: { offset: number; limit: number },
): Promise<{ items: RectificationItem[]; total: number }> {
  const cond = where(filter, today)
  const items = await db
    .select(columns)
    .from(rectifications)
    .innerJoin(units, eq(units.id, rectifications.unitId))
    .where(cond)
    .orderBy(...ORDER[filter.view])
    .limit(page.limit)
    .offset(page.offset)
  const [row] = await db.select({ n: count() }).from(rectifications).where(cond)
  return { items, total: row?.n ?? 0 }
}

/** The items furthest past their deadline, worst first: what the digest names. */
export async function overdueItems(
  db: Db,
  today: string,
  limit: number,
): Promise<RectificationItem[]> {
  return db
    .select(columns)
    .from(rectifications)
    .innerJoin(units, eq(units.id, rectifications.unitId))
    .where(where({ view: 'overdue' }, today))
    .orderBy(...ORDER.overdue)
    .limit(limit)
}

export async function findRectification(
  db: Db,
  key: { year: number; seq: number } | { id: number },
): Promise<RectificationItem | undefined> {
  const cond =
    'id' in key
      ? eq(rectifications.id, key.id)
      : and(eq(rectifications.year, key.year), eq(rectifications.seq, key.seq))
  const rows = await db
    .select(columns)
    .from(rectifications)
    .innerJoin(units, eq(units.id, rectifications.unitId))
    .where(cond)
  return rows[0]
}

export type NewRectification = Pick<
  Rectification,
  'problem' | 'source' | 'measures' | 'deadline' | 'leadLeader' | 'leadLeaderOpenId' | 'unitId'
> &
  // Left out, the column's default: liaisons are told.
  Partial<Pick<Rectification, 'notifyLiaisons'>>

/** What a change may set on the item. */
export type Patch = Partial<Pick<Rectification, 'status' | 'deadline' | 'closedAt'>>

/** A history row as written: its id is the database's to give. */
export type HistoryEntry = Omit<RectificationHistory, 'id'>

/** The item a dedupe key (a message, a form) filed or changed, if any: it files once. */
export async function filedBy(db: Db, dedupeKey: string): Promise<RectificationItem | undefined> {
  const [seen] = await db
    .select({ id: rectificationHistory.rectificationId })
    .from(rectificationHistory)
    .where(eq(rectificationHistory.dedupeKey, dedupeKey))
  return seen && findRectification(db, { id: seen.id })
}

/**
 * A new item under the number the commit takes in `year`'s sequence (ledgerSequence), with its
 * creation row: a batch's writes, after nextNumber. The creation row finds the item by its
 * year and number; both show its code, built from that number as the reply shows it.
 */
export function filingWrites(item: NewRectification, year: number, entry: HistoryEntry): Write[] {
  const name = ledgerSequence(year)
  const seq = sequenceValue(name)
  const code = sql`${codePrefix(year)} || ${numberShown(sql`${name}`)}`
  const id = sql`(select ${rectifications.id} from ${rectifications} where ${rectifications.year} = ${year} and ${rectifications.seq} = ${seq})`
  return [
    (db) =>
      db.insert(rectifications).values({
        ...item,
        code,
        year,
        seq,
        createdBy: entry.actorOpenId,
        createdAt: entry.createdAt,
      }),
    (db) =>
      db.insert(rectificationHistory).values({ ...entry, rectificationId: id, newValue: code }),
  ]
}

/** Files an item on an open handle (demo data, the console's test): the item as filed. */
export async function addRectification(
  db: Db,
  item: NewRectification,
  by: { actor: string; dedupeKey: string },
  now: Date,
): Promise<RectificationItem> {
  const year = shanghaiYear(now)
  const entry = historyEntry(0, { ...by, action: 'create' }, now)
  for (const w of [nextNumber(ledgerSequence(year)), ...filingWrites(item, year, entry)])
    await runWrite(db, w)
  return (await filedBy(db, by.dedupeKey))!
}

/** A change as its history row will read: who, when, what, old and new value. */
export function historyEntry(rectificationId: number, change: Change, now: Date): HistoryEntry {
  return {
    rectificationId,
    actorOpenId: change.actor,
    action: change.action,
    field: change.field ?? null,
    oldValue: change.oldValue ?? null,
    newValue: change.newValue ?? null,
    note: change.note ?? null,
    dedupeKey: change.dedupeKey ?? null,
    createdAt: now,
  }
}

/**
 * One change: its history row, then the item's new values. A dedupe key seen before (a
 * redelivered message) breaks its unique key, and the whole batch with it.
 */
export function changeWrites(entry: HistoryEntry, patch: Patch): Write[] {
  const row: Write = (db) => db.insert(rectificationHistory).values(entry)
  if (Object.keys(patch).length === 0) return [row]
  return [
    row,
    (db) =>
      db.update(rectifications).set(patch).where(eq(rectifications.id, entry.rectificationId)),
  ]
}

/** One change written on an open handle (demo data). */
export async function recordChange(
  db: Db,
  item: Pick<Rectification, 'id'>,
  change: Change,
  patch: Patch,
  now: Date,
) {
  for (const w of changeWrites(historyEntry(item.id, change, now), patch)) await runWrite(db, w)
}

export async function historyOf(db: Db, rectificationId: number) {
  return db
    .select()
    .from(rectificationHistory)
    .where(eq(rectificationHistory.rectificationId, rectificationId))
    .orderBy(asc(rectificationHistory.id))
}

/** Outstanding items due between two days inclusive (for the due-soon reminder). */
export async function dueBetween(db: Db, from: string, to: string): Promise<RectificationItem[]> {
  return db
    .select(columns)
    .from(rectifications)
    .innerJoin(units, eq(units.id, rectifications.unitId))
    .where(
      and(
        inArray(rectifications.status, [...OUTSTANDING]),
        gte(rectifications.deadline, from),
        lte(rectifications.deadline, to),
      ),
    )
    .orderBy(asc(rectifications.deadline), asc(rectifications.id))
}

/**
 * The ledger's figures for digests and reports. opened / closed count within `range`
 * (null: all time; closed means struck off and not reopened since); overdue and outstanding
 * are as of `now`, exactly what `/整改 逾期` and `/整改` list. `measures` counts items whose
 * measures were written down.
 */
export async function rectificationCounts(
  db: Db,
  range: { start: Date; end: Date } | null,
  now: Date,
): Promise<{
  opened: number
  closed: number
  overdue: number
  outstanding: number
  total: number
  measures: number
}> {
  const today = shanghaiDate(now)
  const within = (col: typeof rectifications.createdAt | typeof rectifications.closedAt) =>
    range ? and(gte(col, range.start), lt(col, range.end)) : sql`1`
  // One statement: the digest reads these beside the week's figures within Workers' budget.
  const n = (cond: SQL | undefined) =>
    sql<number>`coalesce(sum(case when ${cond ?? sql`1`} then 1 else 0 end), 0)`.mapWith(Number)
  const [row] = await db
    .select({
      opened: n(within(rectifications.createdAt)),
      closed: n(and(eq(rectifications.status, 'closed'), within(rectifications.closedAt))),
      overdue: n(where({ view: 'overdue' }, today)),
      outstanding: n(where({ view: 'outstanding' }, today)),
      total: count(),
      measures: n(ne(rectifications.measures, '')),
    })
    .from(rectifications)
  return row!
}

/** Items waiting for the office's review, with the 销号 request each is waiting on. */
export async function pendingReviews(db: Db): Promise<Array<{ id: number; requestId: number }>> {
  return db
    .select({ id: rectifications.id, requestId: max(rectificationHistory.id).mapWith(Number) })
    .from(rectifications)
    .innerJoin(rectificationHistory, eq(rectificationHistory.rectificationId, rectifications.id))
    .where(
      and(eq(rectifications.status, 'pending'), eq(rectificationHistory.action, 'request_close')),
    )
    .groupBy(rectifications.id)
}

/** Every change of every item, item by item in the order made: the workbook's 台账记录 sheet. */
export const rectificationHistoryRows = (db: Db) =>
  db
    .select({
      code: rectifications.code,
      createdAt: rectificationHistory.createdAt,
      actorOpenId: rectificationHistory.actorOpenId,
      action: rectificationHistory.action,
      field: rectificationHistory.field,
      oldValue: rectificationHistory.oldValue,
      newValue: rectificationHistory.newValue,
      note: rectificationHistory.note,
    })
    .from(rectificationHistory)
    .innerJoin(rectifications, eq(rectifications.id, rectificationHistory.rectificationId))
    .orderBy(asc(rectifications.id), asc(rectificationHistory.id))

/**
 * What the ledger's figures count: unit, source, status, measures and dates of every item, read
 * packed (see packed): every period's figures read all of them.
 */
export async function rectificationSummaries(db: Db): Promise<RectificationRow[]> {
  const rows = await packed<[number, string, string, string, number, number | null]>(
    db,
    sql`unit_id, source, status, measures, created_at, closed_at`,
    sql`select * from ${rectifications}`,
  )
  return rows.map(([unitId, source, status, measures, createdAt, closedAt]) => ({
    unitId,
    source,
    status,
    measures,
    createdAt: new Date(createdAt),
    closedAt: closedAt === null ? null : new Date(closedAt),
  }))
}

/** How many items there are per source and status, and how many of them are overdue. */
export async function ledgerTally(db: Db, today: string) {
  const overdue = sql<number>`coalesce(sum(case when ${where({ view: 'overdue' }, today)} then 1 else 0 end), 0)`
  return db
    .select({
      source: rectifications.source,
      status: rectifications.status,
      n: count(),
      overdue: overdue.mapWith(Number),
    })
    .from(rectifications)
    .groupBy(rectifications.source, rectifications.status)
}
