import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm'
import type { Db, Write } from '../client'
import { jobDeliveries } from '../schema'
import { nextLook, type Backoff } from './retry'

export type DeliveryRun = { job: string; period: string }
export type DeliveryKey = DeliveryRun & { recipient: string }
/** A delivery to claim: its card is any JSON value, stored as its JSON text. */
export type Claim = DeliveryKey & { card: unknown }
/** A claimed delivery taken for an attempt: the card is its JSON text. */
export type Taken = DeliveryKey & { id: number; card: string; attempts: number; claimedAt: Date }

const ofRun = (run: DeliveryRun) =>
  and(eq(jobDeliveries.job, run.job), eq(jobDeliveries.period, run.period))

const matches = (key: DeliveryKey) => and(ofRun(key), eq(jobDeliveries.recipient, key.recipient))

const pending = isNotNull(jobDeliveries.pendingAt)

/**
 * Claims a recipient before its card exists, as a batch's write (a 催报 click commits it with
 * its answer); deliverOnce stores the card when it sends. Until then the sweep leaves the
 * claim alone. A claim made meanwhile (a concurrent click) stays as it was.
 */
export const claimWrite =
  (key: DeliveryKey, now: Date): Write =>
  (db) =>
    db
      .insert(jobDeliveries)
      .values({ ...key, claimedAt: now })
      .onConflictDoNothing()

/**
 * Claims each delivery not claimed yet, with its card, due now; a claim that has no card yet
 * gets this one. Returns every one of them still waiting to be sent (claimed now or before,
 * neither sent nor given up), the longest waiting first. One statement: the cards go over the
 * wire once each, however many recipients share one (a digest to 300 leaders is one card).
 */
export async function queueDeliveries(
  db: Db,
  claims: Claim[],
  now: Date,
): Promise<Array<{ id: number; pendingAt: number }>> {
  if (claims.length === 0) return []
  const cards: unknown[] = []
  const cardIndex = new Map<unknown, number>()
  const rows = claims.map(({ job, period, recipient, card }) => {
    if (!cardIndex.has(card)) cardIndex.set(card, cards.push(card) - 1)
    return [job, period, recipient, cardIndex.get(card)]
  })
  const at = now.getTime()
  const waiting = await db.all<{ id: number; pendingAt: number }>(sql`
    insert into ${jobDeliveries} (job, period, recipient, card, claimed_at, pending_at)
    select d.value ->> 0, d.value ->> 1, d.value ->> 2, c.value, ${at}, ${at}
    from json_each(${JSON.stringify(rows)}) d
    join json_each(${JSON.stringify(cards)}) c on c.key = d.value ->> 3
    where true
    on conflict (job, period, recipient) do update
      set card = coalesce(card, excluded.card), pending_at = coalesce(pending_at, excluded.pending_at)
      where sent_at is null and failure is null
    returning rowid as id, pending_at as pendingAt`)
  return waiting.sort((a, b) => a.pendingAt - b.pendingAt || a.id - b.id)
}

/**
 * Claimed deliveries due by `now`, the longest waiting first. It reads only those rows, through
 * the partial index job_deliveries_pending (test/jobs/delivery-queue.test.ts checks the plan).
 */
export async function dueDeliveries(db: Db, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: sql<number>`rowid` })
    .from(jobDeliveries)
    .where(and(pending, lte(jobDeliveries.pendingAt, now)))
    .orderBy(asc(jobDeliveries.pendingAt))
    .limit(limit)
  return rows.map((r) => r.id)
}

/**
 * Counts an attempt on each of these deliveries still pending (and, with `dueOnly`, still due)
 * and moves its next look out by `backoff`, before the attempt is made: an overlapping sweep
 * finds the next ones instead. One statement, whatever the number.
 */
export async function takeDeliveries(
  db: Db,
  ids: number[],
  backoff: Backoff,
  opts: { dueOnly?: boolean } = {},
): Promise<Taken[]> {
  const due = opts.dueOnly ? lte(jobDeliveries.pendingAt, backoff.now) : undefined
  const rows = await db
    .update(jobDeliveries)
    .set({
      attempts: sql`${jobDeliveries.attempts} + 1`,
      pendingAt: nextLook(jobDeliveries.attempts, backoff),
    })
    .where(and(inArray(sql`rowid`, ids), pending, due))
    .returning({
      id: sql<number>`rowid`,
      job: jobDeliveries.job,
      period: jobDeliveries.period,
      recipient: jobDeliveries.recipient,
      card: jobDeliveries.card,
      attempts: jobDeliveries.attempts,
      claimedAt: jobDeliveries.claimedAt,
    })
  return rows as Taken[]
}

/** Records that Lark took these deliveries, which finishes them. */
export async function markDelivered(db: Db, ids: number[], at: Date) {
  await db
    .update(jobDeliveries)
    .set({ sentAt: at, pendingAt: null })
    .where(and(inArray(sql`rowid`, ids), isNull(jobDeliveries.sentAt)))
}

/** Stops trying: the reason is kept, and neither the sweep nor a rerun sends them again. */
export async function giveUpDeliveries(db: Db, ids: number[], failure: string) {
  await db
    .update(jobDeliveries)
    .set({ pendingAt: null, failure })
    .where(and(inArray(sql`rowid`, ids), isNull(jobDeliveries.sentAt)))
}

export async function findDelivery(db: Db, key: DeliveryKey) {
  const rows = await db.select().from(jobDeliveries).where(matches(key))
  return rows[0]
}

/**
 * How many of a run's recipients were served, how many are claimed but not yet sent, and how
 * many were given up on.
 */
export async function deliveryCounts(db: Db, run: DeliveryRun) {
  const rows = await db
    .select({ sentAt: jobDeliveries.sentAt, failure: jobDeliveries.failure })
    .from(jobDeliveries)
    .where(ofRun(run))
  const served = rows.filter((r) => r.sentAt !== null).length
  const failed = rows.filter((r) => r.sentAt === null && r.failure !== null).length
  return { served, pending: rows.length - served - failed, failed }
}
