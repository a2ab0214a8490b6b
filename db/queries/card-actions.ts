import { eq } from 'drizzle-orm'
import type { Db } from '../client'
import { cardActions } from '../schema'

/** The answer already given to this click (Lark delivered it twice), as stored JSON. */
export async function storedAnswer(db: Db, eventId: string): Promise<string | undefined> {
  const rows = await db.select().from(cardActions).where(eq(cardActions.eventId, eventId))
  return rows[0]?.response
}

export async function storeAnswer(db: Db, eventId: string, response: string) {
  await db.insert(cardActions).values({ eventId, response })
}
