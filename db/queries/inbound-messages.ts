import { and, eq, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm'
import type { Db } from '../client'
import { coalesced } from '../coalesce'
import { inboundMessages } from '../schema'

export type Received = typeof inboundMessages.$inferInsert & { messageId: string }

/**
 * Stores received messages before Lark gets its 200; true for a message not seen before.
 * Messages that arrive together go in one INSERT. Within a batch the same message_id is fresh
 * only once, as ON CONFLICT leaves the later row out.
 */
export const storeReceived = coalesced(async (tx, rows: Received[]) => {
  const inserted = await tx
    .insert(inboundMessages)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: inboundMessages.messageId })
  const fresh = new Set(inserted.map((r) => r.id))
  return rows.map((row) => fresh.delete(row.messageId))
})

/** Records that replies went out; marks that arrive together share one UPDATE. */
export const markReplied = coalesced(
  async (tx, marks: Array<{ messageId: string; at: Date }>) => {
    await tx
      .update(inboundMessages)
      .set({ repliedAt: marks[0]!.at })
      .where(
        inArray(
          inboundMessages.messageId,
          marks.map((m) => m.messageId),
        ),
      )
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
  mark: { messageId: string; reply: string; at: Date },
): Promise<boolean> {
  const marked = await tx
    .update(inboundMessages)
    .set({ reply: mark.reply, processedAt: mark.at })
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

/** Messages stored before `before` and never processed, or processed but never replied to. */
export async function unfinishedMessages(db: Db, before: Date, limit: number) {
  const rows = await db
    .select({ messageId: inboundMessages.messageId })
    .from(inboundMessages)
    .where(
      and(
        or(
          isNull(inboundMessages.processedAt),
          and(isNotNull(inboundMessages.reply), isNull(inboundMessages.repliedAt)),
        ),
        lt(inboundMessages.createdAt, before),
      ),
    )
    .limit(limit)
  return rows.map((r) => r.messageId)
}
