import { and, eq, gt, sql } from 'drizzle-orm'
import { runStatement, type Db } from '../client'
import { slot, template } from '../statements'
import { coalesced } from '../coalesce'
import { inboundMessages, jobDeliveries, sentCards } from '../schema'

export type SentCard = typeof sentCards.$inferSelect

/** Cards in a JSON array: one statement, built once, whatever their number. */
const insertCards = template<{ cards: string }>(
  (db) =>
    db.run(sql`insert into ${sentCards} (message_id, kind, subject, chat, sent_at)
    select value ->> 'messageId', value ->> 'kind', value ->> 'subject', value ->> 'chat',
      value ->> 'sentAt'
    from json_each(${slot('cards')}) where true
    on conflict do nothing`) as never,
)

/** Notes the messages Lark made of cards; one Lark gave back again (a repeated uuid) stays. */
export async function keepSentCards(db: Db, cards: SentCard[]) {
  if (cards.length === 0) return
  const json = cards.map((c) => ({ ...c, sentAt: c.sentAt.getTime() }))
  await runStatement(db, insertCards({ cards: JSON.stringify(json) }))
}

/**
 * keepSentCards for one reply's card: a burst of replies shares one INSERT, in the commit that
 * marks them replied rather than one of its own each.
 */
export const keepSentCard = coalesced(
  async (tx, cards: SentCard[]) => {
    await keepSentCards(tx, cards)
    return cards.map(() => undefined)
  },
  { background: true },
)

/** Every copy of one card the bot sent, the oldest first. */
export function copiesOf(db: Db, kind: string, subject: string): Promise<SentCard[]> {
  return db
    .select()
    .from(sentCards)
    .where(and(eq(sentCards.kind, kind), eq(sentCards.subject, subject)))
    .orderBy(sentCards.sentAt)
}

/**
 * The copies sent since `since` whose card, as it was sent (a reply's or a queued delivery's),
 * holds `fragment`: the cards still showing a button with that value.
 */
export function copiesShowing(db: Db, fragment: string, since: Date) {
  const card = sql<string>`coalesce(${inboundMessages.reply}, ${jobDeliveries.card})`
  return db
    .select({ messageId: sentCards.messageId, card })
    .from(sentCards)
    .leftJoin(
      inboundMessages,
      and(eq(sentCards.kind, 'reply'), eq(inboundMessages.messageId, sentCards.subject)),
    )
    .leftJoin(
      jobDeliveries,
      and(
        eq(jobDeliveries.job, sentCards.kind),
        eq(jobDeliveries.period, sentCards.subject),
        eq(jobDeliveries.recipient, sentCards.chat),
      ),
    )
    .where(and(gt(sentCards.sentAt, since), sql`instr(${card}, ${fragment}) > 0`))
}
