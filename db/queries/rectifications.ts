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
import { formatCode } from '../../src/domain/rectification'
import { shanghaiDate } from '../../src/domain/week'
import type { Db } from '../client'
import { rectificationHistory, rectifications, units, type Rectification } from '../schema'

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
>

/**
 * Files a new item under the next number of the year (Shanghai), with its creation row.
 * The same dedupe key (a message, a form) files once: the item filed then comes back.
 */
export async function addRectification(
  db: Db,
  item: NewRectification,
  by: { actor: string; dedupeKey: string },
  now: Date,
): Promise<{ item: RectificationItem; fresh: boolean }> {
  const [seen] = await db
    .select({ id: rectificationHistory.rectificationId })
    .from(rectificationHistory)
    .where(eq(rectificationHistory.dedupeKey, by.dedupeKey))
  if (seen) return { item: (await findRectification(db, { id: seen.id }))!, fresh: false }
  const year = Number(shanghaiDate(now).slice(0, 4))
  const [last] = await db
    .select({ seq: max(rectifications.seq) })
    .from(rectifications)
    .where(eq(rectifications.year, year))
  const seq = (last?.seq ?? 0) + 1
  const code = formatCode(year, seq)
  const [row] = await db
    .insert(rectifications)
    .values({ ...item, code, year, seq, createdBy: by.actor, createdAt: now })
    .returning({ id: rectifications.id })
  await db.insert(rectificationHistory).values({
    rectificationId: row!.id,
    actorOpenId: by.actor,
    action: 'create',
    newValue: code,
    dedupeKey: by.dedupeKey,
    createdAt: now,
  })
  return { item: (await findRectification(db, { id: row!.id }))!, fresh: true }
}

/**
 * One change, one history row, then the new values. A dedupe key seen before (a redelivered
 * message, a repeated click) writes nothing and returns null.
 */
export async function recordChange(
  db: Db,
  item: Pick<Rectification, 'id'>,
  change: Change,
  patch: Partial<Pick<Rectification, 'status' | 'deadline' | 'closedAt'>>,
  now: Date,
): Promise<number | null> {
  const [row] = await db
    .insert(rectificationHistory)
    .values({ rectificationId: item.id, actorOpenId: change.actor, ...change, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: rectificationHistory.id })
  if (!row) return null
  if (Object.keys(patch).length > 0)
    await db.update(rectifications).set(patch).where(eq(rectifications.id, item.id))
  return row.id
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

/** What the ledger's figures count: unit, source, status, measures and dates of every item. */
export const rectificationSummaries = (db: Db) =>
  db
    .select({
      unitId: rectifications.unitId,
      source: rectifications.source,
      status: rectifications.status,
      measures: rectifications.measures,
      createdAt: rectifications.createdAt,
      closedAt: rectifications.closedAt,
    })
    .from(rectifications)

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
