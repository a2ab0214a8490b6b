import { sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'

/** When to look again after an attempt: `baseMs` after the first, doubling up to `maxMs`. */
export type Backoff = { now: Date; baseMs: number; maxMs: number }

/**
 * The next look after the attempt being counted, in SQL so that counting it stays a single
 * statement. SET reads the row as it was before the update: `attempts` is the count before
 * this attempt, so the n-th attempt waits baseMs · 2^(n-1).
 */
export const nextLook = (attempts: SQLiteColumn, backoff: Backoff): SQL =>
  sql`${backoff.now.getTime()} + min(${backoff.baseMs} << min(${attempts}, 20), ${backoff.maxMs})`
