import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BUSY_WAIT_MS, createDatabase, type Database } from '../../db/client'
import { createEmbeddedClient } from '../../db/embedded'
import { holdWriteLock } from '../support/lock-holder'
import { migrateDatabase } from '../../db/migrate'
import { settings } from '../../db/schema'
import { markReplied, storeReceived } from '../../db/queries/inbound-messages'

let dir: string
let url: string
let database: Database
const BUSY_TIMEOUT_MS = 300

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tally-queue-'))
  url = `file:${join(dir, 'tally.db')}`
  const client = createEmbeddedClient({ url, timeout: BUSY_WAIT_MS })
  await migrateDatabase(client)
  database = createDatabase(client, { busyTimeoutMs: BUSY_TIMEOUT_MS })
})
afterEach(() => {
  database.close()
  rmSync(dir, { recursive: true, force: true })
})

const setting = (key: string) => ({ key, value: key, updatedAt: new Date() })
const stored = async () =>
  (await database.db.select({ key: settings.key }).from(settings)).map((r) => r.key).sort()

const received = (messageId: string) => ({
  messageId,
  eventId: `ev_${messageId}`,
  chatId: 'oc_1',
  senderOpenId: 'ou_1',
  text: '/帮助',
  event: '{}',
  createdAt: new Date(0),
  pendingAt: new Date(0),
})

describe('the write queue', () => {
  it('commits writers that queue together, and rolls back only the one that throws', async () => {
    const writes = ['a', 'b', 'c'].map((key) =>
      database.write(async (tx) => {
        await tx.insert(settings).values(setting(key))
        if (key === 'b') throw new Error('b failed')
        return key
      }),
    )
    const outcomes = await Promise.allSettled(writes)
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(await stored()).toEqual(['a', 'c'])
  })

  it('does not keep a request waiting behind queued background work', async () => {
    const background = Array.from({ length: 20 }, (_, i) =>
      database.write((tx) => tx.insert(settings).values(setting(`bg${i}`)), { background: true }),
    )
    const request = database
      .write((tx) => tx.insert(settings).values(setting('request')))
      .then(stored)
    // The request's commit carries at most one background writer; the rest follow it.
    const committedWithRequest = await request
    expect(committedWithRequest).toContain('request')
    expect(committedWithRequest.length).toBeLessThanOrEqual(2)
    await Promise.all(background)
    expect(await stored()).toHaveLength(21)
  })

  it("lets a command's turn go with the commit it waited for, not in a writer's place", async () => {
    const order: string[] = []
    const request = database.write((tx) => tx.insert(settings).values(setting('request')))
    // A command waits for its turn, then reads; the writer queued behind it is another's batch.
    const turn = database.turn().then(() => order.push('turn'))
    const writer = database
      .write((tx) => tx.insert(settings).values(setting('background')), { background: true })
      .then(() => order.push('background'))
    const seen = turn.then(stored)
    await Promise.all([request, turn, writer])
    // While requests write, a commit takes one background writer: the writer, not the turn.
    expect(order).toEqual(['background', 'turn'])
    // The turn was let go once that commit was in, so its reads see it.
    expect(await seen).toEqual(['background', 'request'])
  })
})

describe('the write queue beside another writer', () => {
  it('waits for a short lock, and commits once it is released', async () => {
    const { released } = await holdWriteLock(url, 100)
    await database.write((tx) => tx.insert(settings).values(setting('after-wait')))
    await released
    expect(await stored()).toContain('after-wait')
  })

  it('waits for the lock without blocking the event loop', async () => {
    const { released } = await holdWriteLock(url, 600)
    let last = performance.now()
    let longestGap = 0
    const ticks = setInterval(() => {
      longestGap = Math.max(longestGap, performance.now() - last)
      last = performance.now()
    }, 5)
    await expect(
      database.write((tx) => tx.insert(settings).values(setting('blocked'))),
    ).rejects.toThrow(/SQLITE_BUSY|locked/)
    clearInterval(ticks)
    longestGap = Math.max(longestGap, performance.now() - last)
    await released
    // libSQL's own wait is synchronous; the queue's is not, so timers keep firing.
    expect(longestGap).toBeLessThan(100)
  })

  it('fails a write held past the busy timeout, then commits the next one at once', async () => {
    const { released } = await holdWriteLock(url, 1_000)
    const started = Date.now()
    await expect(
      database.write((tx) => tx.insert(settings).values(setting('during'))),
    ).rejects.toThrow(/SQLITE_BUSY|locked/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 50)
    await released
    // Before the reset this COMMIT failed for ever: "SQL statements in progress".
    for (const key of ['after-1', 'after-2']) {
      await database.write((tx) => tx.insert(settings).values(setting(key)))
    }
    expect(await stored()).toEqual(expect.arrayContaining(['after-1', 'after-2']))
    expect(await stored()).not.toContain('during')
  })
})

describe('the inbox beside another writer', () => {
  it('stores messages again once a lock that failed a batch is released', async () => {
    const { released } = await holdWriteLock(url, 1_000)
    await expect(storeReceived(database, received('om_locked'))).rejects.toThrow(/SQLITE_BUSY/)
    await released
    // The failed batch used to stay open, and every later message joined it and failed too.
    expect(await storeReceived(database, received('om_after'))).toBe(true)
    expect(await storeReceived(database, received('om_locked'))).toBe(true)
  })
})

describe('the inbox', () => {
  it('stores a message delivered twice in one burst once, and says which copy was new', async () => {
    const burst = ['om_1', 'om_2', 'om_1', 'om_3', 'om_2'].map((id) =>
      storeReceived(database, received(id)),
    )
    expect(await Promise.all(burst)).toEqual([true, true, false, true, false])
    expect(await storeReceived(database, received('om_3'))).toBe(false)
    const rows = await database.client.execute('select message_id from inbound_messages')
    expect(rows.rows.map((r) => r[0]).sort()).toEqual(['om_1', 'om_2', 'om_3'])
  })

  it('marks replies that arrive together in one go', async () => {
    await Promise.all(['om_1', 'om_2'].map((id) => storeReceived(database, received(id))))
    const at = new Date('2026-11-27T02:00:00Z')
    await Promise.all(['om_1', 'om_2'].map((id) => markReplied(database, { messageId: id, at })))
    const rows = await database.client.execute(
      'select count(*) from inbound_messages where replied_at = ?',
      [at.getTime()],
    )
    expect(rows.rows[0]![0]).toBe(2)
  })
})
