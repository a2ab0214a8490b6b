import type { Kv } from './kv'

type Entry = { value: string; expiresAt?: number }

/**
 * In-process Kv for local runs and tests. Expiry is checked on read, so a fake clock can be passed
 * in and nothing needs a timer.
 */
export function createMemoryKv(now: () => number = Date.now): Kv {
  const entries = new Map<string, Entry>()

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key)
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      entries.delete(key)
      return undefined
    }
    return entry
  }
  const expiry = (ttlSec?: number) => (ttlSec === undefined ? undefined : now() + ttlSec * 1000)

  return {
    async get(key) {
      return live(key)?.value ?? null
    },
    async set(key, value, opts = {}) {
      if (opts.nx && live(key)) return false
      entries.set(key, { value, expiresAt: expiry(opts.ttlSec) })
      return true
    },
    async del(key) {
      entries.delete(key)
    },
    async incr(key, ttlSec) {
      const entry = live(key)
      const current = entry ? Number(entry.value) : 0
      // Same failure as Redis's INCR on a non-integer value, so both adapters behave alike.
      if (!Number.isSafeInteger(current)) throw new Error(`kv value at ${key} is not an integer`)
      const next = current + 1
      entries.set(key, { value: String(next), expiresAt: entry ? entry.expiresAt : expiry(ttlSec) })
      return next
    },
  }
}
