/**
 * The little shared state the bot needs across Worker isolates: a duplicate-delivery fast path,
 * the tenant token cache, rate-limit counters and once-per-period locks. Never the only guard of
 * correctness — the database's unique constraints are.
 */
export interface Kv {
  get(key: string): Promise<string | null>
  /** Resolves false when `nx` is set and the key already exists (nothing is written). */
  set(key: string, value: string, opts?: KvSetOptions): Promise<boolean>
  del(key: string): Promise<void>
  /** Adds one; `ttlSec` applies only when this call creates the key, so windows stay fixed. */
  incr(key: string, ttlSec?: number): Promise<number>
}

export type KvSetOptions = { ttlSec?: number; nx?: boolean }
