import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { deliveryCounts } from '../../db/queries/job-deliveries'
import { CHAT_SETTINGS, DIGEST_DELIVERY, setSetting } from '../../db/queries/settings'
import { people } from '../../db/schema'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { startWorkersDeps } from './workers-deps'

// Tuesday 2026-12-01 09:00 in Shanghai: the digest is about 2026-W48.
const TUESDAY = new Date('2026-12-01T01:00:00Z')
const minutes = (n: number) => new Date(TUESDAY.getTime() + n * 60_000)

let fake: FakeLark
let workers: Awaited<ReturnType<typeof startWorkersDeps>>
beforeAll(async () => {
  fake = await startFakeLark()
})
afterAll(() => fake.close())
afterEach(async () => {
  await workers.close()
  fake.reset()
})

describe('a digest on the Free plan, counted as Workers counts subrequests', () => {
  it('stays within 50 in the cron invocation and in every sweep tick after it', async () => {
    // The isolate's clock a week past the crons' scheduled times, as when the Worker's digest
    // once sent only its first slice: every invocation still runs at its own time.
    workers = await startWorkersDeps({ fake, subrequests: 50, now: minutes(7 * 24 * 60) })
    const { db } = workers.deps.database
    const leaders = Array.from({ length: 300 }, (_, i) => `ou_leader${i}`)
    const rows = leaders.map((openId) => ({ openId, role: 'leader' as const, updatedAt: TUESDAY }))
    await db.insert(people).values(rows)
    await setSetting(db, CHAT_SETTINGS.leaders, 'oc_leaders', TUESDAY)
    // Each leader and the group: the largest fan-out a digest can have.
    await setSetting(db, DIGEST_DELIVERY, 'both', TUESDAY)

    const invocations = [await workers.invoke('digest', TUESDAY)]
    const pending = async () =>
      (await deliveryCounts(db, { job: 'digest', period: '2026-W48' })).pending
    for (let i = 1; (await pending()) > 0 && i <= 30; i++) {
      invocations.push(await workers.invoke('sweep', minutes(i)))
    }
    for (const { subrequests } of invocations) expect(subrequests).toBeLessThanOrEqual(50)
    expect(await pending()).toBe(0)
    // 301 cards: 13 with the digest, then 40 a minute; all served nine minutes later.
    expect(invocations.map((i) => i.result.sent)).toEqual([13, ...Array(7).fill(40), 8])
    const to = fake.sent.map((m) => m.receiveId!)
    expect(to.sort()).toEqual([...leaders, 'oc_leaders'].sort())
    expect(workers.errors).toEqual([])
  })
})
