import type { InValue, ResultSet } from '@libsql/client'
import { fillPlaceholders, sql, type Placeholder, type SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import { driverOf, runStatement, type Db, type Statement } from './client'

/**
 * A handle that only builds SQL: templates are written with drizzle, never run on it. Made on
 * first use, not at import: a Worker pays for what its module scope does at every cold start.
 */
let builder: Db | undefined
const sqlBuilder = () => (builder ??= drizzle.mock() as unknown as Db)

/** A named slot in a template, filled on every call (drizzle's sql.placeholder). */
export const slot = (name: string): Placeholder => sql.placeholder(name)

/**
 * A slot where drizzle's types want a column's value (update's set): drizzle encodes what
 * fills it as it encodes that column's values (a Date to its milliseconds).
 */
export const valueSlot = <T>(name: string) => slot(name) as unknown as T

type Built = { sql: string; params: unknown[] }
type Buildable = { toSQL(): Built } | { getQuery(): Built }

/**
 * A statement whose SQL drizzle builds once, on first use, instead of on every call: building a
 * query costs more CPU than SQLite takes to run it (measured in bench/README.md). Values go in
 * through slots; each call fills them and gets plain SQL text and arguments for a batch.
 */
export function template<Values extends Record<string, unknown>>(
  build: (db: Db) => Buildable,
): (values: Values) => Statement {
  let built: Built | undefined
  return (values) => {
    if (!built) {
      const query = build(sqlBuilder())
      built = 'toSQL' in query ? query.toSQL() : query.getQuery()
    }
    return { sql: built.sql, args: fillPlaceholders(built.params, values) as InValue[] }
  }
}

/**
 * A read whose SQL drizzle builds once per database handle: the Node server's handle lives as
 * long as the process, a Worker's as long as its request. Its results are mapped as usual.
 */
export function reusable<Query>(build: (db: Db) => Query): (db: Db) => Query {
  const built = new WeakMap<Db, Query>()
  return (db) => {
    let query = built.get(db)
    if (!query) built.set(db, (query = build(db)))
    return query
  }
}

/**
 * Reads that go together: one request to Turso, each statement built once (see template).
 * The rows come back as the driver gives them.
 */
export function readTogether(db: Db, statements: Statement[]): Promise<ResultSet[]> {
  const client = driverOf(db)
  // Turso's in one batch; an embedded file needs no round trip saved, and a batch would cost it
  // a BEGIN and a COMMIT (a handle inside a drizzle transaction has no driver of its own).
  if (client && client.protocol !== 'file') return client.batch(statements, 'read')
  return Promise.all(statements.map((s) => runStatement(db, s)))
}

/**
 * Rows as arrays, packed into one JSON value by SQLite: @libsql/client makes an object property
 * of every cell it returns (~3 µs each, more under load), which dominated reads of thousands of
 * rows (/统计 累计 spent most of its time there). `select` names the columns of `from`.
 */
export async function packed<T extends unknown[]>(db: Db, select: SQL, from: SQL): Promise<T[]> {
  const [row] = await db.all<{ rows: string }>(
    sql`select json_group_array(json_array(${select})) as rows from (${from})`,
  )
  return JSON.parse(row!.rows) as T[]
}
