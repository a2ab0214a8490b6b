import { inArray } from 'drizzle-orm'
import { coalesced } from '../../db/coalesce'
import { inboundMessages } from '../../db/schema'

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
