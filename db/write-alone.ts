import type { Database, Db, WriteOptions } from './client'

/**
 * A write that is a single statement. Where writes are not grouped (Workers) it runs on its
 * own, one autocommit round trip: inside write() it would take two (BEGIN sent with it, then
 * COMMIT). On Node it joins the write queue like any other write.
 */
export function writeAlone<T>(
  database: Database,
  fn: (db: Db) => Promise<T>,
  opts?: WriteOptions,
): Promise<T> {
  return database.grouped ? database.write(fn, opts) : fn(database.db)
}
