import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { storeReceived } from '../../db/queries/inbound-messages'
import { deliveryCounts } from '../../db/queries/job-deliveries'
import { people, units } from '../../db/schema'
import { deliverOnce } from '../../src/delivery/deliver'
import { MESSAGE_COST } from '../../src/jobs/sweep'
import { card, md } from '../../templates/card'
import { createTestBot } from '../support/bot'
import { messageEvent } from '../support/events'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { sweepReadPlan } from '../support/query-plan'
import { startWorkersDeps } from '../jobs/workers-deps'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const minutes = (n: number) => new Date(FRIDAY.getTime() + n * 60_000)
const zhang = { openId: 'ou_zhang', name: '张三' }

describe('the sweep reads only the messages it finishes', () => {
  it('finds due messages through the partial index inbound_messages_sweep', async () => {
    const bot = await createTestBot({ now: () => FRIDAY })
    try {
      const detail = await sweepReadPlan(bot, 'inbound_messages', FRIDAY)
      expect(detail).toMatch(/USING (COVERING )?INDEX inbound_messages_sweep/)
      expect(detail).not.toMatch(/SCAN inbound_messages/)
    } finally {
      await bot.close()
    }
  })
})

describe('the sweep on the Free plan, counted as Workers counts subrequests', () => {
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

  /** Messages a dead isolate stored after their 200 and never processed. */
  async function leftovers(count: number) {
    const { database } = workers.deps
    const [unit] = await database.db.insert(units).values({ name: '区财政局' }).returning()
    await database.db.insert(people).values({ ...zhang, unitId: unit!.id, updatedAt: FRIDAY })
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const { header, event } = messageEvent({
        text: `/上报 学习 ${i + 1}`,
        sender: zhang,
        at: FRIDAY,
      })
      ids.push(event.message.message_id)
      await storeReceived(database, {
        messageId: event.message.message_id,
        eventId: header.event_id,
        chatId: event.message.chat_id,
        senderOpenId: zhang.openId,
        text: `/上报 学习 ${i + 1}`,
        event: JSON.stringify(event),
        createdAt: FRIDAY,
        pendingAt: FRIDAY,
      })
    }
    return ids
  }

  it('finishes a backlog of messages a few a tick, then deliveries, each tick within 50', async () => {
    workers = await startWorkersDeps({ fake, subrequests: 50, now: FRIDAY })
    const ids = await leftovers(5)
    // A digest claimed in full and not sent yet: a fan-out with no budget left for sends.
    const leaders = Array.from({ length: 30 }, (_, i) => `ou_leader${i}`)
    const digest = card({ title: '主题教育周报', elements: [md('2026-W47')] })
    const to = leaders.map((id) => ({ to: { type: 'open_id' as const, id }, card: digest }))
    const run = { job: 'digest', period: '2026-W47' }
    await deliverOnce(workers.deps, run.job, run.period, to, { subrequests: 0 })
    expect(await deliveryCounts(workers.deps.database.db, run)).toMatchObject({ pending: 30 })

    const ticks = []
    for (let i = 1; i <= 5; i++) ticks.push(await workers.invoke('sweep', minutes(i)))

    for (const tick of ticks) expect(tick.subrequests).toBeLessThanOrEqual(50)
    // Two messages a tick, the people waiting on a reply first (they leave no room for a
    // delivery); deliveries get what is left, less the statement that keeps the cards' ids.
    expect(ticks.map((t) => t.result.sent)).toEqual([2, 2, 1 + 16, 14, 0])
    const replies = fake.sent.filter((m) => m.kind === 'reply').map((m) => m.messageId)
    expect(replies.sort()).toEqual(ids.sort())
    const sends = fake.sent.filter((m) => m.kind === 'send').map((m) => m.receiveId)
    expect(sends.sort()).toEqual(leaders.sort())
    expect(workers.errors).toEqual([])
  })

  it('estimates what a swept message costs no lower than it is', async () => {
    workers = await startWorkersDeps({ fake, subrequests: 50, now: FRIDAY })
    await leftovers(6)
    const ticks = []
    for (let i = 1; i <= 3; i++) ticks.push(await workers.invoke('sweep', minutes(i)))
    expect(ticks.map((t) => t.result.sent)).toEqual([2, 2, 2])
    // Less the two reads of a tick; the first tick also learns the bot's open_id and a token.
    for (const { subrequests } of ticks)
      expect((subrequests - 2) / 2).toBeLessThanOrEqual(MESSAGE_COST)
  })
})
