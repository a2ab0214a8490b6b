import { and, eq, isNull, sql } from 'drizzle-orm'
import { cardActions, inboundMessages } from '../schema'
import { slot, template, valueSlot } from '../statements'
import { numberShown } from './sequences'

/**
 * The answer as stored: the stand-in for the number the commit took (see Context.newId)
 * replaced by that number as shown. Where none was taken the stand-in is '', which SQLite's
 * replace() leaves alone.
 */
const answer = sql`replace(${slot('answer')}, ${slot('standIn')}, coalesce(${numberShown(slot('sequence'))}, ''))`

/**
 * What a handler's answer needs to be stored: the card JSON, and the stand-in of the number it
 * took with that number's sequence ('' and '' when it took none).
 */
export type Answer = { answer: string; standIn: string; sequence: string }

/**
 * The first statement of a message's batch: it fails, and with it the whole batch, if the
 * message was already processed. A batch cannot branch on an earlier statement's row count,
 * so the check is a statement that breaks the primary key exactly then: it copies the
 * message's own row, which it selects only once processed_at is set.
 */
export const unlessProcessed = template<{ messageId: string }>((db) =>
  db.run(sql`insert into ${inboundMessages}
      (message_id, event_id, chat_id, sender_open_id, text, created_at)
      select message_id, event_id, chat_id, sender_open_id, text, created_at
      from ${inboundMessages} where message_id = ${slot('messageId')} and processed_at is not null`),
)

/**
 * Marks the message processed with its answer, unless another attempt already did: then it
 * returns no row. `privately`: the answer is for the sender alone (their mistake).
 */
export const markProcessed = template<Answer & { messageId: string; at: Date; privately: boolean }>(
  (db) =>
    db
      .update(inboundMessages)
      .set({
        reply: answer,
        processedAt: valueSlot<Date>('at'),
        replyPrivately: valueSlot<boolean>('privately'),
      })
      .where(
        and(eq(inboundMessages.messageId, slot('messageId')), isNull(inboundMessages.processedAt)),
      )
      .returning({ reply: inboundMessages.reply }),
)

/**
 * Stores a click's answer. The event_id is the key, so a second attempt at the same click
 * fails here, and with it its batch: a click delivered twice is answered from what is stored.
 */
export const storeAnswer = template<Answer & { eventId: string; at: Date }>((db) =>
  db
    .insert(cardActions)
    .values({ eventId: slot('eventId'), response: answer, createdAt: slot('at') })
    .returning({ response: cardActions.response }),
)
