// The Cloudflare build differs from the default one only in not reading `process.env` and not
// passing fetch `cache: 'no-store'`, which Workers rejects on older compatibility dates.
// It needs nothing but global fetch, so Node runs it just as well.
import { Redis } from '@upstash/redis/cloudflare'
import type { Kv } from './kv'

export type UpstashKvOptions = { url: string; token: string; timeoutMs?: number }

/**
 * KV is a short cut, never the only guard, so a slow Redis must not hold a webhook past Lark's
 * 3 s: each call gives up after this long (the client's default is 5 retries, 4.3 s, and no
 * timeout at all when Redis hangs; both were measured taking the bot down).
 */
const TIMEOUT_MS = 200

/**
 * Kv over Upstash's REST API, shared by every Worker isolate.
 * https://upstash.com/docs/redis/features/restapi
 */
export function createUpstashKv({ url, token, timeoutMs = TIMEOUT_MS }: UpstashKvOptions): Kv {
  const redis = new Redis({
    url,
    token,
    // Values are opaque strings to callers; without this the client would JSON.parse "123".
    automaticDeserialization: false,
    enableTelemetry: false,
    retry: false,
    // A function: the client then throws on abort (a plain signal makes it return the reason).
    signal: () => AbortSignal.timeout(timeoutMs),
  })

  return {
    async get(key) {
      return redis.get<string>(key)
    },
    async set(key, value, opts = {}) {
      const { ttlSec, nx } = opts
      const ex = ttlSec === undefined ? {} : { ex: ttlSec }
      const result = nx
        ? await redis.set(key, value, { ...ex, nx: true })
        : await redis.set(key, value, ex)
      return result !== null
    },
    async del(key) {
      await redis.del(key)
    },
    async incr(key, ttlSec) {
      if (ttlSec === undefined) return redis.incr(key)
      // SET NX creates the key with its TTL and INCR keeps it; in one transaction no other
      // caller can see a counter without an expiry.
      const [, count] = await redis.multi().set(key, '0', { ex: ttlSec, nx: true }).incr(key).exec()
      return count as number
    },
  }
}
