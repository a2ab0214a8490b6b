import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryKv, createUpstashKv, type Kv } from '../../src/kv'
import { ensureRedis } from '../support/redis'
import { startUpstashBridge, type UpstashBridge } from '../support/upstash-bridge'

/** A Kv plus a way to let time pass: a fake clock in memory, real waiting against Redis. */
type Subject = { kv: Kv; advance(ms: number): Promise<void> }

function contract(name: string, setup: () => Promise<Subject>) {
  describe(`${name} Kv`, () => {
    let s: Subject
    // Unique keys per run: the Redis may be shared with other suites, so never FLUSHDB.
    const prefix = `test:kv:${randomUUID()}:`
    const used = new Set<string>()
    const key = (k: string) => used.add(prefix + k) && prefix + k
    beforeAll(async () => {
      s = await setup()
    })
    afterAll(async () => {
      for (const k of used) await s.kv.del(k)
    })

    it('returns null for a missing key and the stored string otherwise', async () => {
      expect(await s.kv.get(key('missing'))).toBeNull()
      expect(await s.kv.set(key('a'), '123')).toBe(true)
      // Stays a string: no JSON deserialization of numeric-looking values.
      expect(await s.kv.get(key('a'))).toBe('123')
      expect(await s.kv.set(key('json'), '{"x":1}')).toBe(true)
      expect(await s.kv.get(key('json'))).toBe('{"x":1}')
      expect(await s.kv.set(key('utf8'), '学习 3')).toBe(true)
      expect(await s.kv.get(key('utf8'))).toBe('学习 3')
    })

    it('overwrites without nx and refuses with nx while the key exists', async () => {
      await s.kv.set(key('b'), 'one')
      expect(await s.kv.set(key('b'), 'two')).toBe(true)
      expect(await s.kv.set(key('b'), 'three', { nx: true })).toBe(false)
      expect(await s.kv.get(key('b'))).toBe('two')
      expect(await s.kv.set(key('fresh'), 'x', { nx: true })).toBe(true)
    })

    it('deletes, and deleting a missing key is fine', async () => {
      await s.kv.set(key('c'), 'x')
      await s.kv.del(key('c'))
      await s.kv.del(key('c'))
      expect(await s.kv.get(key('c'))).toBeNull()
    })

    it('expires a value after its TTL, which frees an nx lock', async () => {
      expect(await s.kv.set(key('lock'), 'owner', { nx: true, ttlSec: 1 })).toBe(true)
      expect(await s.kv.set(key('lock'), 'other', { nx: true, ttlSec: 1 })).toBe(false)
      await s.advance(1100)
      expect(await s.kv.get(key('lock'))).toBeNull()
      expect(await s.kv.set(key('lock'), 'other', { nx: true, ttlSec: 1 })).toBe(true)
    })

    it('counts from 1 and keeps counting without a TTL', async () => {
      expect(await s.kv.incr(key('n'))).toBe(1)
      expect(await s.kv.incr(key('n'))).toBe(2)
      expect(await s.kv.get(key('n'))).toBe('2')
    })

    it('sets the TTL only when incr creates the key (a fixed window)', async () => {
      expect(await s.kv.incr(key('rate'), 1)).toBe(1)
      await s.advance(600)
      expect(await s.kv.incr(key('rate'), 1)).toBe(2)
      await s.advance(600)
      expect(await s.kv.incr(key('rate'), 1)).toBe(1)
    })

    it('counts concurrent increments exactly', async () => {
      const counts = await Promise.all(Array.from({ length: 20 }, () => s.kv.incr(key('many'), 60)))
      expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    })

    it('rejects incr on a value that is not an integer', async () => {
      await s.kv.set(key('word'), 'abc')
      await expect(s.kv.incr(key('word'))).rejects.toThrow()
    })
  })
}

contract('memory', async () => {
  let now = 1_700_000_000_000
  const kv = createMemoryKv(() => now)
  return { kv, advance: async (ms) => void (now += ms) }
})

let bridge: UpstashBridge | undefined
afterAll(() => bridge?.close())

contract('Upstash (real Redis via REST bridge)', async () => {
  await ensureRedis()
  bridge = await startUpstashBridge()
  const kv = createUpstashKv({ url: bridge.url, token: bridge.token })
  return { kv, advance: (ms) => new Promise((r) => setTimeout(r, ms)) }
})

describe('Upstash bridge', () => {
  it('refuses a wrong token, as Upstash does', async () => {
    const kv = createUpstashKv({ url: bridge!.url, token: 'wrong' })
    await expect(kv.get('x')).rejects.toThrow(/Unauthorized/)
  })
})
