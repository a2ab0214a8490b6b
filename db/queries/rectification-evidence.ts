import { asc, eq, getTableColumns } from 'drizzle-orm'
import type { Db } from '../client'
import { rectificationEvidence, rectifications, type RectificationEvidence } from '../schema'

export type NewEvidence = Pick<
  RectificationEvidence,
  'rectificationId' | 'kind' | 'key' | 'name' | 'messageId' | 'actorOpenId'
>

/** Attaches evidence; a key already attached to the item (a redelivery) is left as it is. */
export async function addEvidence(db: Db, rows: NewEvidence[], now: Date) {
  if (rows.length === 0) return 0
  const added = await db
    .insert(rectificationEvidence)
    .values(rows.map((row) => ({ ...row, createdAt: now })))
    .onConflictDoNothing()
    .returning({ id: rectificationEvidence.id })
  return added.length
}

/** An item's evidence, oldest first. */
export async function evidenceOf(db: Db, rectificationId: number) {
  return db
    .select()
    .from(rectificationEvidence)
    .where(eq(rectificationEvidence.rectificationId, rectificationId))
    .orderBy(asc(rectificationEvidence.id))
}

/** Every item's evidence with the item's code, item by item, oldest first: the export's 佐证. */
export const evidenceRows = (db: Db) =>
  db
    .select({ code: rectifications.code, ...getTableColumns(rectificationEvidence) })
    .from(rectificationEvidence)
    .innerJoin(rectifications, eq(rectifications.id, rectificationEvidence.rectificationId))
    .orderBy(asc(rectificationEvidence.rectificationId), asc(rectificationEvidence.id))
