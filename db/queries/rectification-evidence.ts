import { asc, eq, getTableColumns } from 'drizzle-orm'
import type { Db, Write } from '../client'
import { rectificationEvidence, rectifications, type RectificationEvidence } from '../schema'

export type NewEvidence = Pick<
  RectificationEvidence,
  'rectificationId' | 'kind' | 'key' | 'name' | 'messageId' | 'actorOpenId'
>

/** A piece of evidence as it is written: its id is the database's to give. */
export type EvidenceEntry = Omit<RectificationEvidence, 'id'>

/**
 * The pieces not yet attached to their item, each once, as they will be written: a key already
 * attached (a redelivery, a text typed twice) is left as it is.
 */
export async function freshEvidence(
  db: Db,
  rows: NewEvidence[],
  now: Date,
): Promise<EvidenceEntry[]> {
  const attached = new Set<string>()
  for (const id of new Set(rows.map((row) => row.rectificationId)))
    for (const row of await evidenceOf(db, id)) attached.add(`${id}\n${row.key}`)
  return rows.flatMap((row) => {
    const key = `${row.rectificationId}\n${row.key}`
    if (attached.has(key)) return []
    attached.add(key)
    return [{ ...row, createdAt: now }]
  })
}

/** Attaches the pieces: a batch's write (none for none). */
export const evidenceWrites = (rows: EvidenceEntry[]): Write[] =>
  rows.length === 0 ? [] : [(db) => db.insert(rectificationEvidence).values(rows)]

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
