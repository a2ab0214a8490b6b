import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { deliveryCounts } from '../../db/queries/job-deliveries'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { createTestBot, type TestBot } from '../support/bot'
import { faults, startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { addLeaders as addSomeLeaders, LEADERS_GROUP } from '../support/leaders'
import { sweepReadPlan } from '../support/query-plan'

// Tuesday 2026-12-01 09:00 in Shanghai: the digest is about 2026-W48.
const TUESDAY = new Date('2026-12-01T01:00:00Z')
const run = { job: 'digest', period: '2026-W48' }
const minutes = (n: number) => new Date(TUESDAY.getTime() + n * 60_000)

let fake: FakeLark
let bot: TestBot
beforeAll(async () => {
  fake = await startFakeLark()
})
afterAll(() => fake.close())
afterEach(async () => {
  await bot.close()
  fake.reset()
})

/** A bot on the Free plan's budget, talking to the fake Lark OpenAPI. */
async function freePlanBot() {
  bot = await createTestBot({
    now: () => TUESDAY,
    subrequests: 50,
    env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 'secret', LARK_DOMAIN: fake.url },
  })
}

/** `count` leaders and the leaders' group: the digest's recipients, as receive ids. */
async function addLeaders(count: number) {
  return [...(await addSomeLeaders(bot.deps.database, count, TUESDAY)), LEADERS_GROUP]
}

const digestsTo = () => fake.sent.filter((m) => m.kind === 'send').map((m) => m.receiveId!)
const counts = () => deliveryCounts(bot.deps.database.db, run)

/** Sweeps once a minute from `from` until no digest is pending; the ticks' results. */
async function sweepUntilServed(from: number, maxTicks = 20) {
  const ticks = []
  for (let i = from; (await counts()).pending > 0 && ticks.length < maxTicks; i++) {
    ticks.push(await bot.runJob('sweep', { now: minutes(i) }))
  }
  return ticks
}

describe('a digest larger than one invocation', () => {
  it('sends a slice now and the rest on the next sweep ticks, each leader once', async () => {
    await freePlanBot()
    const expected = await addLeaders(100)
    const first = await bot.runJob('digest', { now: TUESDAY })
    // 50 less the job's reads, its claim and the slice's own statements: 13 sends.
    expect(first).toMatchObject({ sent: 13, served: 13, pending: 88, failed: 0 })

    // A sweep tick with no message to finish has room for 40.
    const ticks = await sweepUntilServed(1)
    expect(ticks.map((t) => t.sent)).toEqual([40, 40, 8])
    expect(await counts()).toEqual({ served: 101, pending: 0, failed: 0 })
    expect(digestsTo().sort()).toEqual(expected.sort())
    expect(bot.errors).toEqual([])
  })

  it('sends nothing twice when the job runs again, before or after the sweep', async () => {
    await freePlanBot()
    const expected = await addLeaders(40)
    const first = await bot.runJob('digest', { now: TUESDAY })
    const rerun = await bot.runJob('digest', { now: TUESDAY })
    expect(rerun.served).toBe(first.sent + rerun.sent)
    await sweepUntilServed(1)
    expect(await bot.runJob('digest', { now: minutes(30) })).toMatchObject({
      sent: 0,
      served: 41,
      pending: 0,
    })
    expect(await bot.runJob('sweep', { now: minutes(31) })).toMatchObject({ sent: 0 })
    expect(digestsTo().sort()).toEqual(expected.sort())
  })

  it('gives up on a leader Lark refuses for good, at once, and serves the others', async () => {
    await freePlanBot()
    await addLeaders(30)
    // An open_id Lark does not know (99992351): another app's, or a person who left.
    fake.tenant.unknown.push('ou_leader3')
    await bot.runJob('digest', { now: TUESDAY })
    await sweepUntilServed(1)
    expect(await counts()).toEqual({ served: 30, pending: 0, failed: 1 })
    expect(fake.errorCodes).toEqual([99992351])
    const { rows } = await bot.deps.database.client.execute(
      "select failure from job_deliveries where recipient = 'open_id:ou_leader3'",
    )
    expect(rows[0]!.failure).toBe(
      'Lark refused it: code 99992351 (the open_id is not one Lark knows for this app)',
    )
    expect(digestsTo()).not.toContain('ou_leader3')
    expect(new Set(digestsTo()).size).toBe(30)
  })

  it('backs off a leader Lark keeps failing, gives up past the uuid hour, never holding the others', async () => {
    await freePlanBot()
    await addLeaders(30)
    fake.fail(faults.serverError, { to: 'ou_leader0' })
    const row = async () => {
      const { rows } = await bot.deps.database.client.execute(
        `select attempts, pending_at, failure from job_deliveries where recipient = ?`,
        ['open_id:ou_leader0'],
      )
      return { attempts: Number(rows[0]!.attempts), next: rows[0]!.pending_at as number | null }
    }
    // How long each attempt made it wait for the next one, in minutes.
    const waits: number[] = []
    let last = { attempts: 0, next: null as number | null }
    const tick = async (at: Date, job: 'digest' | 'sweep' = 'sweep') => {
      await bot.runJob(job, { now: at })
      const now = await row()
      if (now.attempts > last.attempts && now.next !== null) {
        waits.push(Math.round((now.next - at.getTime()) / 60_000))
      }
      last = now
    }
    await tick(TUESDAY, 'digest')
    await tick(minutes(1))
    await tick(minutes(2))
    // The others went out while this one waited for its next look.
    expect(new Set(digestsTo()).size).toBe(30)
    while (last.next !== null) await tick(new Date(last.next))

    // Tried at 0, 1, 3, 7, 15 and 31 minutes; at 63 its uuid's hour is over, so no 7th try.
    expect(waits).toEqual([1, 2, 4, 8, 16, 32])
    expect(last.attempts).toBe(7)
    expect(fake.errorCodes).toHaveLength(6)
    expect(await counts()).toEqual({ served: 30, pending: 0, failed: 1 })
    expect(digestsTo()).not.toContain('ou_leader0')
  })
})

describe('the sweep reads only the deliveries it sends', () => {
  it('finds due deliveries through the partial index job_deliveries_pending', async () => {
    bot = await createTestBot({ now: () => TUESDAY })
    const detail = await sweepReadPlan(bot, 'job_deliveries', TUESDAY)
    expect(detail).toMatch(/USING (COVERING )?INDEX job_deliveries_pending/)
    expect(detail).not.toMatch(/SCAN job_deliveries/)
  })
})
