import { asc } from 'drizzle-orm'
import type { Db, Write } from '../client'
import { officeFigures } from '../schema'

export type OfficeFigure = typeof officeFigures.$inferSelect

/** Every figure the office has set, oldest first: a handful a week, so all of them. */
export const officeFigureRows = (db: Db): Promise<OfficeFigure[]> =>
  db.select().from(officeFigures).orderBy(asc(officeFigures.id))

/** One /填报 message's figures, as a batch's write. */
export const officeFigureWrite =
  (rows: Array<Omit<OfficeFigure, 'id'>>): Write =>
  (db) =>
    db.insert(officeFigures).values(rows)
