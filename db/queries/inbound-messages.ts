import { and, asc, eq, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm'
import { runStatement, type Db } from '../client'
import { slot, template, valueSlot } from '../statements'
import { coalesced } from '../coalesce'
import { inboundMessages } from '../schema'
import { nextLook, type Backoff } from './retry'

/** A message as it is stored on arrival: the event, and when the sweep may look at it. */
export type Received = {
  messageId: string
  eventId: string
  chatId: string
  senderOpenId: string
  text: string
  event: string
  createdAt: Date
  pendingAt: Date
}

/** Messages in a JSON array: one statement, built once, whatever their number. */
const insertReceived = template<{ rows: string }>(
  (db) =>
    db.run(sql`insert into ${inboundMessages}
      (message_id, event_id, chat_id, sender_open_id, text, event, created_at, pending_at)
    select value ->> 'messageId', value ->> 'eventId', value ->> 'chatId',
      value ->> 'senderOpenId', value ->> 'text', value ->> 'event', value ->> 'createdAt',
      value ->> 'pendingAt'
    from json_each(${slot('rows')}) where true order by key
    on conflict do nothing returning message_id`) as never,
)

/**
 * Stores received messages before Lark gets its 200; true for a message not seen before.
 * Messages that arrive together go in one INSERT. Within a batch the same message_id is fresh
 * only once, as ON CONFLICT leaves the later row out.
 */
export const storeReceived = coalesced(async (tx, rows: Received[]) => {
  const json = rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.getTime(),
    pendingAt: r.pendingAt.getTime(),
  }))
  const inserted = await runStatement(tx, insertReceived({ rows: JSON.stringify(json) }))
  const fresh = new Set(inserted.rows.map((r) => String(r[0])))
  return rows.map((row) => fresh.delete(row.messageId))
})

const setReplied = template<{ ids: string; at: Date }>((db) =>
  db
    .update(inboundMessages)
    .set({ repliedAt: valueSlot('at'), pendingAt: null })
    .where(sql`${inboundMessages.messageId} in (select value from json_each(${slot('ids')}))`),
)

/** Records that replies went out, which finishes them; marks together share one UPDATE. */
export const markReplied = coalesced(
  async (tx, marks: Array<{ messageId: string; at: Date }>) => {
    const ids = JSON.stringify(marks.map((m) => m.messageId))
    await runStatement(tx, setReplied({ ids, at: marks[0]!.at }))
    return marks.map(() => undefined)
  },
  { background: true },
)

export async function findMessage(db: Db, messageId: string) {
  const [row] = await db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId))
  return row
}

/**
 * Stores the reply and marks the message processed, unless another attempt already did:
 * false then, and the caller's transaction must not commit.
 */
export async function markProcessed(
  tx: Db,
  mark: { messageId: string; reply: string; at: Date; privately?: boolean },
): Promise<boolean> {
  const marked = await tx
    .update(inboundMessages)
    .set({ reply: mark.reply, processedAt: mark.at, replyPrivately: mark.privately ?? false })
    .where(and(eq(inboundMessages.messageId, mark.messageId), isNull(inboundMessages.processedAt)))
    .returning({ id: inboundMessages.messageId })
  return marked.length > 0
}

export async function isProcessed(db: Db, messageId: string): Promise<boolean> {
  const [row] = await db
    .select({ at: inboundMessages.processedAt })
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId))
  return row?.at != null
}

const pending = isNotNull(inboundMessages.pendingAt)

/**
 * Unfinished messages the sweep should look at by `now`, the longest waiting first. It reads
 * only those rows, through the partial index inbound_messages_sweep (the query plan is checked
 * in test/webhook/sweep-budget.test.ts).
 */
export async function dueMessages(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: inboundMessages.messageId })
    .from(inboundMessages)
    .where(and(pending, lte(inboundMessages.pendingAt, now)))
    .orderBy(asc(inboundMessages.pendingAt))
    .limit(limit)
  return rows.map((r) => r.id)
}

/** Every unfinished message stored before `before`: what a process that died left behind. */
export async function leftoverMessages(db: Db, before: Date): Promise<string[]> {
  const rows = await db
    .select({ id: inboundMessages.messageId })
    .from(inboundMessages)
    .where(and(pending, lt(inboundMessages.createdAt, before)))
    .orderBy(asc(inboundMessages.pendingAt))
  return rows.map((r) => r.id)
}

/**
 * Counts an attempt and moves the message's next look out, before the attempt is made, so an
 * overlapping sweep (another process) does not pick it up too. One statement, one round trip.
 * The attempts so far, or null when it is already finished.
 */
export async function claimAttempt(
  db: Db,
  messageId: string,
  backoff: Backoff,
): Promise<number | null> {
  const [row] = await db
    .update(inboundMessages)
    .set({
      attempts: sql`${inboundMessages.attempts} + 1`,
      pendingAt: nextLook(inboundMessages.attempts, backoff),
    })
    .where(and(eq(inboundMessages.messageId, messageId), pending))
    .returning({ attempts: inboundMessages.attempts })
  return row?.attempts ?? null
}

/** Stops trying: the reason is kept for the office, and the sweep never picks it up again. */
export async function giveUp(db: Db, messageId: string, failure: string) {
  await db
    .update(inboundMessages)
    .set({ pendingAt: null, failure })
    .where(eq(inboundMessages.messageId, messageId))
}
