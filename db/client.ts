import type { Client, ResultSet } from '@libsql/client'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import * as schema from './schema'

/** The drizzle handle every query takes first: the database itself or an open transaction. */
export type Db = BaseSQLiteDatabase<'async', ResultSet, typeof schema>

export interface Database {
  db: Db
  client: Client
  /**
   * Runs fn in one write transaction. Writers queue up in this process: the embedded
   * libSQL driver is synchronous, so a second writer would fail with SQLITE_BUSY instead
   * of waiting.
   */
  write<T>(fn: (tx: Db) => Promise<T>): Promise<T>
  close(): void
}

export class StorageError extends Error {
  override name = 'StorageError'
}

export function createDatabase(client: Client): Database {
  const orm = drizzle(client, { schema })
  let queue: Promise<unknown> = Promise.resolve()
  return {
    db: orm,
    client,
    write(fn) {
      const run = queue.then(() => orm.transaction((tx) => fn(tx)))
      queue = run.catch(() => undefined)
      return run
    },
    close: () => client.close(),
  }
}

/** How many migrations this database has applied; /healthz reports it as the schema version. */
export async function schemaVersion(db: Db): Promise<number> {
  const rows = await db.all<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`)
  return Number(rows[0]?.n ?? 0)
}
