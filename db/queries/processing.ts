import { eq, sql } from 'drizzle-orm'
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
 * Marks the message processed with its answer: the last statement of the message's batch, and
 * its guard. A batch cannot branch on an earlier statement's row count, so marking a message
 * that another attempt already processed breaks text's NOT NULL, which fails the whole batch
 * (SET reads the row as it was). `privately`: the answer is for the sender alone.
 */
export const markProcessed = template<Answer & { messageId: string; at: Date; privately: boolean }>(
  (db) =>
    db
      .update(inboundMessages)
      .set({
        reply: answer,
        processedAt: valueSlot<Date>('at'),
        replyPrivately: valueSlot<boolean>('privately'),
        text: sql`case when ${inboundMessages.processedAt} is null then ${inboundMessages.text} end`,
      })
      .where(eq(inboundMessages.messageId, slot('messageId')))
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
