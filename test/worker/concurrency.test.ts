import { drizzle } from 'drizzle-orm/libsql'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { CHAT_SETTINGS, DIGEST_DELIVERY, setSetting } from '../../db/queries/settings'
import * as schema from '../../db/schema'
import { cardText } from '../support/bot'
import { messageEvent } from '../support/events'
import { FAKE_BOT_OPEN_ID } from '../../src/local/fake-lark'
import {
  buildWorker,
  describeWorker,
  seedLiaisons,
  startWorkerRig,
  type WorkerRig,
} from '../support/worker-rig'

/**
 * The built Worker as it runs in production: webhooks that overlap in one isolate, a database
 * and Redis a round trip away, an isolate that dies after its 200. Measured before this rig:
 * 30 webhooks together at 20 ms got 30 × 200 and 1 reply.
 */
let build: Awaited<ReturnType<typeof buildWorker>>
let rig: WorkerRig
let liaisons: string[]

beforeAll(async () => {
  build = await buildWorker()
  rig = await startWorkerRig({ dir: build.dir, rttMs: 20 })
  liaisons = await seedLiaisons(rig.bridge, 30)
}, 180_000)

afterAll(async () => {
  await rig?.close()
  build?.remove()
})

/** `/上报` from a liaison in the liaisons' group, with the bot @-mentioned as Lark requires. */
const report = (openId: string, text = '学习 3') =>
  messageEvent({
    text: `@_user_1 /上报 ${text}`,
    sender: { openId },
    mentions: [{ openId: FAKE_BOT_OPEN_ID, name: '统计机器人' }],
  })

const replyTo = (messageId: string) => (m: { kind: string; messageId?: string }) =>
  m.kind === 'reply' && m.messageId === messageId

const crossRequest = (lines: string[]) =>
  lines.filter((l) => /different request context|cross-request|Cannot perform I\/O/i.test(l))

/** Waits until the database has seen no request for a while: earlier work is done. */
async function settled() {
  for (let seen = -1; seen !== rig.database.count();) {
    seen = rig.database.count()
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

async function stored(messageId: string) {
  const rs = await rig.bridge.client.execute({
    sql: 'select processed_at, replied_at, pending_at from inbound_messages where message_id = ?',
    args: [messageId],
  })
  return rs.rows[0]
}

describeWorker('the Worker under overlapping webhooks, 20 ms from its database', () => {
  it('answers and replies to 30 webhooks that arrive together, and stays healthy', async () => {
    const events = liaisons.map((id) => report(id))
    const answers = await Promise.all(events.map((e) => rig.post(e)))
    expect(answers.map((r) => r.status)).toEqual(events.map(() => 200))
    await Promise.all(answers.map((r) => r.arrayBuffer()))

    const replies = await Promise.all(
      events.map((e) => rig.lark.waitFor(replyTo(e.event.message.message_id), 30_000)),
    )
    for (const reply of replies) expect(cardText(reply.content)).toContain('学习')
    const totals = await rig.bridge.client.execute(
      'select count(*) as n, sum(amount) as total from entries',
    )
    expect(totals.rows[0]).toMatchObject({ n: 30n, total: 90n })
    expect(crossRequest(rig.output)).toEqual([])

    const health = await rig.fetch('/healthz')
    expect(health.status).toBe(200)
    await health.arrayBuffer()
    const after = report(liaisons[0]!, '党课 1')
    expect((await rig.post(after)).status).toBe(200)
    await rig.lark.waitFor(replyTo(after.event.message.message_id), 15_000)
  }, 120_000)

  it('stores a webhook in one database request before its 200, within budget after', async () => {
    await settled()
    const event = report(liaisons[1]!)
    const before = rig.counts()
    const from = rig.database.log.length
    const res = await rig.post(event)
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    await rig.lark.waitFor(replyTo(event.event.message.message_id), 15_000)
    await vi.waitFor(async () =>
      expect((await stored(event.event.message.message_id))?.replied_at).not.toBeNull(),
    )
    // The command runs only after the 200, which follows the INSERT's answer: whatever reached
    // the database before that answer was spent before the 200.
    const hops = rig.database.log.slice(from)
    const store = hops.find((h) => /insert into \\?"inbound_messages/.test(h.body))!
    expect(hops.filter((h) => h.start < store.end!)).toEqual([store])
    const done = rig.counts()
    const spent =
      done.database - before.database + done.redis - before.redis + done.lark - before.lark
    expect(spent).toBeLessThanOrEqual(50)
  }, 60_000)
})

describeWorker('an isolate that dies after its 200', () => {
  it('leaves the message to the scheduled sweep, which finishes it once', async () => {
    const event = report(liaisons[2]!, '党课 2')
    const messageId = event.event.message.message_id
    const res = await rig.post(event)
    expect(res.status).toBe(200)
    // The store was the only database request before the 200; what follows it goes nowhere.
    rig.database.hold()
    await rig.restart()
    rig.database.release()
    const left = await stored(messageId)
    expect(left).toMatchObject({ processed_at: null, replied_at: null })
    expect(rig.lark.sent.filter(replyTo(messageId))).toEqual([])

    // The sweep's ticks, minutes after the Worker stored the message by its own clock.
    const after = (minutes: number) => new Date(Number(left!.pending_at) + minutes * 60_000)
    await rig.cron('* * * * *', after(2))
    const reply = await rig.lark.waitFor(replyTo(messageId), 15_000)
    expect(cardText(reply.content)).toContain('党课')
    await vi.waitFor(async () => expect((await stored(messageId))?.pending_at).toBeNull())
    await rig.cron('* * * * *', after(10))
    expect(rig.lark.sent.filter(replyTo(messageId))).toHaveLength(1)
  }, 60_000)
})

describeWorker('cron invocations on the Free plan', () => {
  // Tuesday 2026-12-01 09:00 in Shanghai: the digest's trigger.
  const tuesday = new Date('2026-12-01T01:00:00Z')
  const minutes = (n: number) => new Date(tuesday.getTime() + n * 60_000)

  it('sends a digest to 120 leaders in slices of at most 50 subrequests, each once', async () => {
    const db = drizzle(rig.bridge.client, { schema })
    const leaders = Array.from({ length: 120 }, (_, i) => `ou_rig_leader_${i}`)
    await db
      .insert(schema.people)
      .values(leaders.map((openId) => ({ openId, role: 'leader' as const, updatedAt: tuesday })))
    await setSetting(db, CHAT_SETTINGS.leaders, 'oc_rig_leaders', tuesday)
    // Each leader and the group: the largest fan-out a digest can have.
    await setSetting(db, DIGEST_DELIVERY, 'both', tuesday)
    const digests = () => rig.lark.sent.filter((m) => m.uuid?.startsWith('digest-'))

    const spent: number[] = []
    for (let tick = 0; tick <= 10 && digests().length < leaders.length + 1; tick++) {
      await settled()
      const before = rig.counts()
      await rig.cron(tick === 0 ? '0 1 * * 2' : '* * * * *', minutes(tick))
      await settled()
      const after = rig.counts()
      spent.push(
        after.database - before.database + after.redis - before.redis + after.lark - before.lark,
      )
    }
    expect(spent.length).toBeGreaterThan(2)
    for (const n of spent) expect(n).toBeLessThanOrEqual(50)
    const to = digests().map((m) => m.receiveId)
    expect(to.sort()).toEqual([...leaders, 'oc_rig_leaders'].sort())
    expect(crossRequest(rig.output)).toEqual([])
  }, 120_000)
})
