import { eq, sql } from 'drizzle-orm'
import type { Write } from '../client'
import { inboundMessages } from '../schema'

/**
 * The first statement of a message's batch: it fails, and with it the whole batch, if the
 * message was already processed. A batch cannot branch on an earlier statement's row count,
 * so the check is a statement that breaks the primary key exactly then: it copies the
 * message's own row, which it selects only once processed_at is set.
 */
export const unlessProcessed =
  (messageId: string): Write =>
  (db) =>
    db.run(sql`insert into ${inboundMessages}
      (message_id, event_id, chat_id, sender_open_id, text, created_at)
      select message_id, event_id, chat_id, sender_open_id, text, created_at
      from ${inboundMessages} where message_id = ${messageId} and processed_at is not null`)

/** The last statement of a message's batch: the reply stored, the message processed. */
export const processed =
  (mark: { messageId: string; reply: string; at: Date }): Write =>
  (db) =>
    db
      .update(inboundMessages)
      .set({ reply: mark.reply, processedAt: mark.at })
      .where(eq(inboundMessages.messageId, mark.messageId))
