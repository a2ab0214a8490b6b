import type { Client, InStatement, InValue, ResultSet, Transaction } from '@libsql/client'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import type { BatchItem } from 'drizzle-orm/batch'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import * as schema from './schema'

/** The drizzle handle every query takes first: the database itself or an open transaction. */
export type Db = BaseSQLiteDatabase<'async', ResultSet, typeof schema>

/** SQL text and its arguments, as the driver takes them: built once, filled per call. */
export type Statement = { sql: string; args: InValue[] }

/**
 * One statement of an atomic batch: SQL already built (see db/statements.ts), or a drizzle
 * query built on whichever handle runs it. It must not depend on what an earlier statement of
 * the batch returned, only refer to it in SQL: on Turso the batch goes in one request.
 */
export type Write = Statement | Build

/** A drizzle query for a batch, built on the handle that runs it. */
export type Build = (db: Db) => BatchItem<'sqlite'>

export interface Database {
  db: Db
  client: Client
  /**
   * Runs fn atomically and resolves only once its writes are committed. Writers queue up in
   * this process (the embedded libSQL driver is synchronous: a second writer would fail with
   * SQLITE_BUSY instead of waiting), and those that queued while a commit was under way share
   * the next one, each in its own savepoint: one commit's fsync serves many webhooks, and a
   * writer that throws rolls back only its own work.
   *
   * Background writers (processing a message after Lark has its 200) yield to requests: while
   * requests are writing, each commit takes all of theirs and one background writer; once
   * requests have been quiet for QUIET_MS, background writers go BACKGROUND_PER_BATCH per
   * commit. Lark waits on the 200 (3 s, then it delivers again), while replies are paced by
   * Lark's 50 calls/s anyway, so a burst is answered first and worked off just after.
   */
  write<T>(fn: (tx: Db) => Promise<T>, opts?: WriteOptions): Promise<T>
  /**
   * A write that is a single statement, atomic by itself: it joins the queue where writes are
   * grouped, and is one autocommit round trip where they are not.
   */
  statement<T>(fn: (db: Db) => Promise<T>, opts?: WriteOptions): Promise<T>
  /**
   * Runs the statements in order, all or none; resolves with each one's result. Where writes
   * are grouped they join the queue; elsewhere they go as one batch: one round trip, and no
   * lock held between statements (an interactive transaction holds Turso's write lock for
   * every round trip it makes, and every other writer waits).
   */
  batch(writes: Write[], opts?: WriteOptions): Promise<unknown[]>
  /**
   * Waits for a background writer's place in the queue without writing: work that reads before
   * it writes (a command after the 200) takes its turn first, so it yields to requests as its
   * writes will. A turn is let go with the commit it waited for, without a place in it: the
   * place goes to a writer. Resolves at once where writes are not grouped.
   */
  turn(): Promise<void>
  /**
   * True when writes queue up and share commits (the Node server). False on Workers, where
   * each request does its own writes: workerd cancels the continuations of a promise that one
   * request resolves for another, so nothing may be shared between them.
   */
  grouped: boolean
  close(): void
}

type Pending = {
  fn: (tx: Db, raw: Transaction) => Promise<unknown>
  resolve(v: unknown): void
  reject(e: unknown): void
}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }
export type WriteOptions = { background?: boolean }
/** How long a write waits for another process's lock before it fails. */
export type DatabaseOptions = { busyTimeoutMs?: number }

/**
 * How long libSQL itself waits for a lock (its `timeout`). Its wait is synchronous: it blocks
 * the event loop, so no webhook is even read meanwhile (measured: a 2 s wait held the 200s
 * back past a lock's release). It stays short, and the queue waits out the rest without
 * blocking, trying again every BUSY_RETRY_MS.
 */
export const BUSY_WAIT_MS = 20
const BUSY_RETRY_MS = 30

const MAX_BATCH = 64
const BACKGROUND_PER_BATCH = 8
const QUIET_MS = 20

export function createDatabase(client: Client, options: DatabaseOptions = {}): Database {
  const { busyTimeoutMs = 0 } = options
  const orm = drizzle(client, { schema })
  const queue: Pending[] = []
  const background: Pending[] = []
  const turns: Array<() => void> = []
  let draining = false
  let lastRequestWrite = -Infinity

  /**
   * Commits the batch. Locked out before any writer ran (another process holds the write
   * lock), it waits and tries again until busyTimeoutMs; a failure after a writer ran is final,
   * as running a writer twice could repeat what it queued for after the commit.
   */
  async function commitBatch(batch: Pending[]) {
    const giveUpAt = performance.now() + busyTimeoutMs
    for (;;) {
      let raw: Transaction | undefined
      try {
        raw = await client.transaction('write')
      } catch (error) {
        await resetAfterFailure(client)
        if (isBusy(error) && performance.now() < giveUpAt) {
          await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS))
          continue
        }
        return batch.forEach((item) => item.reject(error))
      }
      try {
        const outcomes = await runEach(raw, batch)
        if (!raw.closed) await raw.commit()
        return settle(batch, outcomes)
      } catch (error) {
        raw.close()
        await resetAfterFailure(client)
        return batch.forEach((item) => item.reject(error))
      }
    }
  }

  function settle(batch: Pending[], outcomes: Outcome[]) {
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) item.resolve(outcome.value)
      else item.reject(outcome.error)
    })
  }

  async function drain() {
    draining = true
    try {
      while (queue.length + background.length + turns.length > 0) {
        // One turn of the event loop lets requests already on the wire join this commit.
        await new Promise((resolve) => setTimeout(resolve, 0))
        const now = performance.now()
        if (queue.length > 0) lastRequestWrite = now
        const share = now - lastRequestWrite < QUIET_MS ? 1 : BACKGROUND_PER_BATCH
        const batch = [...queue.splice(0, MAX_BATCH), ...background.splice(0, share)]
        const released = turns.splice(0, share)
        if (batch.length > 0) await commitBatch(batch)
        for (const go of released) go()
      }
    } finally {
      draining = false
    }
  }

  function write<T>(fn: (tx: Db, raw: Transaction) => Promise<T>, opts: WriteOptions = {}) {
    return new Promise<T>((resolve, reject) => {
      const lane = opts.background ? background : queue
      lane.push({ fn, resolve: resolve as (v: unknown) => void, reject })
      if (!draining) void drain()
    })
  }

  return {
    db: orm,
    client,
    grouped: true,
    turn: () =>
      new Promise<void>((resolve) => {
        turns.push(resolve)
        if (!draining) void drain()
      }),
    write,
    statement: write,
    batch: (writes, opts) =>
      write(async (tx, raw) => {
        const results: unknown[] = []
        for (const w of writes) results.push(await (isStatement(w) ? raw.execute(w) : w(tx)))
        return results
      }, opts),
    close: () => client.close(),
  }
}

/**
 * One request's database on Workers: each write is its own transaction on its own Hrana
 * stream, and nothing outlives the request (no queue, no timer, no shared promise).
 */
export function createRequestDatabase(client: Client): Database {
  // Without the schema: drizzle derives the relational config from it on every drizzle() call,
  // which is every request here, and no query uses drizzle's relational API.
  const orm = drizzle(client) as unknown as Db
  return {
    db: orm,
    client,
    grouped: false,
    turn: async () => undefined,
    write: (fn) => orm.transaction(fn),
    statement: (fn) => fn(orm),
    batch: async (writes) =>
      writes.length > 0
        ? client.batch(
            writes.map((w) => toStatement(w, orm)),
            'write',
          )
        : [],
    close: () => client.close(),
  }
}

/**
 * Each writer of a commit in its own savepoint, on a drizzle handle over the open transaction
 * (drizzle without the schema: writers use no relational queries, and reading the schema's
 * relations for every commit cost more than a statement): a writer that throws rolls back
 * only its own work.
 */
async function runEach(raw: Transaction, batch: Pending[]): Promise<Outcome[]> {
  const tx = drizzle(raw as unknown as Client) as unknown as Db
  if (batch.length === 1) {
    // Alone in its commit, a writer needs no savepoint: if it throws, the commit is rolled back.
    try {
      return [{ ok: true, value: await batch[0]!.fn(tx, raw) }]
    } catch (error) {
      await raw.rollback()
      return [{ ok: false, error }]
    }
  }
  const outcomes: Outcome[] = []
  for (const item of batch) {
    await raw.execute('savepoint writer')
    try {
      const value = await item.fn(tx, raw)
      await raw.execute('release savepoint writer')
      outcomes.push({ ok: true, value })
    } catch (error) {
      await raw.execute('rollback to savepoint writer')
      await raw.execute('release savepoint writer')
      outcomes.push({ ok: false, error })
    }
  }
  return outcomes
}

const isStatement = (w: Write): w is Statement => typeof w !== 'function'

/** Runs one write on an open handle (a job's transaction, the demo loader). */
export async function runWrite(db: Db, w: Write): Promise<unknown> {
  return isStatement(w) ? runStatement(db, w) : w(db)
}

/**
 * Runs a built statement on a handle: straight to the driver where the handle was made on one
 * (the database, a commit's transaction), through drizzle on one of drizzle's transactions. The
 * SQL of a built statement has a `?` for each argument and no other (drizzle puts every value in
 * a parameter).
 */
export function runStatement(db: Db, s: Statement): Promise<ResultSet> {
  const client = driverOf(db)
  if (client) return client.execute(s)
  const parts = s.sql.split('?')
  return db.run(sql(Object.assign(parts, { raw: parts }), ...s.args))
}

/** The driver a handle was made on; drizzle's own transactions have none. */
export const driverOf = (db: Db): Client | undefined =>
  (db as unknown as { $client?: Client }).$client

/** A drizzle query as the SQL text and arguments it would send. */
function toStatement(w: Write, orm: Db): InStatement {
  if (isStatement(w)) return w
  const query = w(orm) as unknown as {
    _prepare(): { getQuery(): { sql: string; params: InValue[] } }
  }
  const { sql, params } = query._prepare().getQuery()
  return { sql, args: params }
}

const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY'

/**
 * A statement that failed with SQLITE_BUSY stays active on its connection, and every later
 * COMMIT there fails with "SQL statements in progress" (measured: one lock held by another
 * process wedged every write until restart). Reopening the embedded connections clears it;
 * the queue runs one transaction at a time, so no other one is open on them now.
 */
async function resetAfterFailure(client: Client) {
  if (client.protocol === 'file') await client.reconnect()
}
