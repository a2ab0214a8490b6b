import { and, eq } from 'drizzle-orm'
import type { Db } from '../client'
import { sentCards } from '../schema'

export type SentCard = typeof sentCards.$inferSelect

/** Notes the messages Lark made of cards; one Lark gave back again (a repeated uuid) stays. */
export async function keepSentCards(db: Db, cards: SentCard[]) {
  if (cards.length === 0) return
  await db.insert(sentCards).values(cards).onConflictDoNothing()
}

/** Every copy of one card the bot sent, the oldest first. */
export function copiesOf(db: Db, kind: string, subject: string): Promise<SentCard[]> {
  return db
    .select()
    .from(sentCards)
    .where(and(eq(sentCards.kind, kind), eq(sentCards.subject, subject)))
    .orderBy(sentCards.sentAt)
}
