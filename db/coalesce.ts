import type { Database, Db, WriteOptions } from './client'

/**
 * Calls that arrive while their write is still queued share it: `run` gets every item of the
 * batch and returns one result per item, in order. A burst of webhooks then costs one
 * statement, not one per message; if the statement fails, every caller in the batch sees it.
 * `run` must issue a single statement: where writes are not grouped (Workers) it runs alone,
 * outside a transaction, as one autocommit round trip.
 */
export function coalesced<T, R>(
  run: (tx: Db, items: T[]) => Promise<R[]>,
  opts: WriteOptions = {},
): (database: Database, item: T) => Promise<R> {
  const open = new WeakMap<Database, { items: T[]; done: Promise<R[]> }>()
  return (database, item) => {
    if (!database.grouped) {
      return database.statement((db) => run(db, [item])).then((results) => results[0]!)
    }
    let batch = open.get(database)
    if (!batch) {
      const items: T[] = []
      const done = database.write((tx) => {
        open.delete(database)
        return run(tx, items)
      }, opts)
      // A write that fails before it runs (the database locked by another process) must not
      // leave its batch open: every later caller would join it and get the same old error.
      done.catch(() => {
        if (open.get(database)?.items === items) open.delete(database)
      })
      batch = { items, done }
      open.set(database, batch)
    }
    const index = batch.items.push(item) - 1
    return batch.done.then((results) => results[index]!)
  }
}
