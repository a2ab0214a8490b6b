import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { handlers } from '../../commands'
import { storeReceived } from '../../db/queries/inbound-messages'
import { freePort } from '../support/server'
import { finishLeftovers } from '../../src/jobs/sweep'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'

const zhang = { openId: 'ou_zhang', name: '张三' }
// Friday 2026-11-27 10:00 in Shanghai: the bot's clock.
const NOW = new Date('2026-11-27T02:00:00Z')
let bot: TestBot
let closeRedis: (() => Promise<void>) | undefined

afterEach(async () => {
  await bot.close()
  await closeRedis?.()
  closeRedis = undefined
})

const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0])

async function campaign(env: Record<string, string> = {}) {
  bot = await createTestBot({ env, now: () => NOW })
  await bot.say(ADMIN, '/单位 添加 区财政局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
}

/** What a process that died after the 200 leaves: the message stored, nothing else done. */
async function storeLeftover(event: ReturnType<typeof messageEvent>) {
  const { message, sender } = event.event
  const stored = await storeReceived(bot.deps.database, {
    messageId: message.message_id,
    eventId: event.header.event_id,
    chatId: message.chat_id,
    senderOpenId: sender.sender_id.open_id,
    text: JSON.parse(message.content).text,
    event: JSON.stringify(event.event),
    // Stored by the process before this one: a moment before this one's clock.
    createdAt: new Date(NOW.getTime() - 1000),
    pendingAt: NOW,
  })
  expect(stored).toBe(true)
}

/** A Redis that accepts connections and never answers: the worst kind of outage. */
async function hangingRedis(): Promise<string> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((s) => sockets.add(s))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closeRedis = async () => {
    sockets.forEach((s) => s.destroy())
    await new Promise((resolve) => server.close(resolve))
  }
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

describe('Redis is a short cut, not a dependency', () => {
  for (const [what, url] of [
    ['refusing connections', async () => `http://127.0.0.1:${await freePort()}`],
    ['hanging', hangingRedis],
  ] as const) {
    it(`stores, answers and replies to every webhook with Redis ${what}`, async () => {
      await campaign({ UPSTASH_REDIS_REST_URL: await url(), UPSTASH_REDIS_REST_TOKEN: 't' })
      for (let i = 0; i < 5; i++) {
        const started = Date.now()
        const receipt = await bot.say(zhang, '/上报 学习 1')
        expect(Date.now() - started).toBeLessThan(1_500)
        expect(cardText(receipt)).toContain('学习')
      }
      expect(await count('select count(*) from reports')).toBe(5)
      // Redis really is out of reach here: the webhooks above did without it.
      await expect(bot.deps.kv.get('any')).rejects.toThrow()
    })
  }
})

describe('the sweep after a crash, behind replies Lark refuses for good', () => {
  it('finishes every leftover, gives up on the refused ones and tells the office once per chat', async () => {
    await campaign()
    const refusedChats = ['oc_gone_1', 'oc_gone_2']
    bot.useLark((outbox) => ({
      ...outbox,
      reply: async (messageId, card, uuid) =>
        refused.has(messageId) ? 'refused' : outbox.reply(messageId, card, uuid),
    }))
    const refused = new Set<string>()
    const leftovers: string[] = []
    for (let i = 0; i < 30; i++) {
      const chatId = i < 20 ? refusedChats[i % 2]! : 'oc_liaisons'
      const event = messageEvent({ text: '/上报 学习 1', sender: zhang, chatId })
      const id = event.event.message.message_id
      if (i < 20) refused.add(id)
      else leftovers.push(id)
      await storeLeftover(event)
    }
    expect(await count('select count(*) from reports')).toBe(0)

    expect(await finishLeftovers(bot.deps, handlers.commands)).toBe(30)
    await bot.runner.idle()
    expect(await count('select count(*) from reports')).toBe(30)
    for (const id of leftovers) expect(bot.replyTo(id)).toBeDefined()
    expect(await count('select count(*) from inbound_messages where pending_at is not null')).toBe(
      0,
    )
    expect(
      await count(`select count(*) from inbound_messages where failure = 'Lark refused the reply'`),
    ).toBe(20)
    const told = bot.outbox.items.filter(
      (i) => i.kind === 'send' && i.to === `open_id:${ADMIN.openId}`,
    )
    expect(told).toHaveLength(2)
    // Card markdown escapes `_` as &#95; (Lark's rule for special characters).
    const texts = told.map((t) => cardText(t.card).replaceAll('&#95;', '_')).join('\n')
    for (const chat of refusedChats) expect(texts).toContain(chat)
    // Nothing is left for the minute sweep, however often it runs.
    const later = new Date(NOW.getTime() + 3_600_000)
    expect((await bot.runJob('sweep', { now: later })).sent).toBe(0)
  })

  it('backs off a reply Lark keeps deferring, and gives up past the uuid hour', async () => {
    await campaign()
    bot.useLark((outbox) => ({ ...outbox, reply: async () => 'retry' }))
    const event = messageEvent({ text: '/上报 学习 2', sender: zhang })
    await bot.post(event)
    const pendingAt = async () =>
      Number(
        (
          await bot.deps.database.client.execute(
            'select pending_at from inbound_messages where message_id = ?',
            [event.event.message.message_id],
          )
        ).rows[0]![0],
      )
    let now = NOW.getTime() + 61_000
    const waits: number[] = []
    for (let attempt = 1; attempt <= 9; attempt++) {
      bot.setNow(new Date(now))
      await bot.runJob('sweep', { now: new Date(now) })
      const next = await pendingAt()
      if (!next) break
      waits.push(Math.round((next - now) / 60_000))
      now = next
    }
    // Tried at 1, 2, 4, 8, 16 and 32 minutes; at 64 its uuid's hour is over: no more tries.
    expect(waits).toEqual([1, 2, 4, 8, 16, 32])
    expect(await count(`select count(*) from inbound_messages where failure like '%uuid%'`)).toBe(1)
    expect(await count('select count(*) from reports')).toBe(1)
  })
})
