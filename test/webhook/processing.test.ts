import { handlers } from '../../commands'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storeReceived } from '../../db/queries/inbound-messages'
import { resumeMessage } from '../../src/intake/messages'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'

const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
let bot: TestBot

const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0])
const repliesTo = (messageId: string) =>
  bot.outbox.items.filter((i) => i.kind === 'reply' && i.to === messageId)

beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
})
afterEach(() => bot.close())

describe('a message stored before the 200 and processed after it', () => {
  it('is finished by the sweep when the process died after answering, exactly once', async () => {
    const event = messageEvent({ text: '/上报 学习 3', sender: zhang })
    const id = event.event.message.message_id
    expect((await bot.post(event, { dies: true })).status).toBe(200)
    expect(await count('select count(*) from reports')).toBe(0)
    expect(repliesTo(id)).toHaveLength(0)

    // Too young: the request that stored it may still be working on it.
    await bot.runJob('sweep', { now: new Date(FRIDAY.getTime() + 10_000) })
    expect(await count('select count(*) from reports')).toBe(0)

    const later = new Date(FRIDAY.getTime() + 120_000)
    for (let i = 0; i < 2; i++) await bot.runJob('sweep', { now: later })
    expect(await count('select count(*) from reports')).toBe(1)
    expect(repliesTo(id)).toHaveLength(1)
    expect(cardText(repliesTo(id)[0]!.card)).toContain('集中学习 3次')
  })

  it('is finished by Lark redelivering it, and counted once', async () => {
    const event = messageEvent({ text: '/上报 学习 3', sender: zhang })
    await bot.post(event, { dies: true })
    await bot.post({ ...event, header: { ...event.header, event_id: 'ev_redelivered' } })
    await bot.post(event)
    expect(await count("select sum(amount) from entries where indicator = 'study'")).toBe(3)
    expect(repliesTo(event.event.message.message_id)).toHaveLength(1)
  })

  it('takes a burst with copies of the same message in it, and counts each message once', async () => {
    // Each figure differs: a report that repeats an earlier one of the week is held, not counted.
    const reports = Array.from({ length: 30 }, (_, i) =>
      messageEvent({ text: `/上报 学习 ${i + 1}`, sender: zhang }),
    )
    const copies = reports.filter((_, i) => i % 4 === 0)
    const burst = [...reports, ...copies].map((event) => bot.post(event))
    expect((await Promise.all(burst)).map((r) => r.status)).toEqual(burst.map(() => 200))
    expect(await count('select count(*) from reports')).toBe(30)
    expect(await count("select sum(amount) from entries where indicator = 'study'")).toBe(465)
    for (const event of reports) expect(repliesTo(event.event.message.message_id)).toHaveLength(1)
    expect(cardText((await bot.say(zhang, '/进度'))!)).toContain('集中学习 465次')
    expect(bot.errors).toEqual([])
  })

  it('runs a message once when two attempts to finish it meet in one commit', async () => {
    const event = messageEvent({ text: '/上报 学习 3', sender: zhang })
    const { message, sender } = event.event
    const stored = {
      messageId: message.message_id,
      eventId: event.header.event_id,
      chatId: message.chat_id,
      senderOpenId: sender.sender_id.open_id,
      text: '/上报 学习 3',
      event: JSON.stringify(event.event),
      createdAt: FRIDAY,
      pendingAt: FRIDAY,
    }
    expect(await storeReceived(bot.deps.database, stored)).toBe(true)
    await new Promise((r) => setTimeout(r, 50))
    // Say the sweep and a redelivery both find it unprocessed, while the queue is quiet.
    const attempts = [
      resumeMessage(bot.deps, handlers.commands, stored.messageId),
      resumeMessage(bot.deps, handlers.commands, stored.messageId),
    ]
    await Promise.all(attempts)
    expect(await count('select count(*) from reports')).toBe(1)
    expect(repliesTo(stored.messageId)).toHaveLength(1)
  })

  it('keeps a rejected message rejected: the sweep does not run it again', async () => {
    const event = messageEvent({ text: '/上报 学习 0', sender: zhang })
    await bot.post(event)
    await bot.runJob('sweep', { now: new Date(FRIDAY.getTime() + 120_000) })
    expect(await count('select count(*) from reports')).toBe(0)
    // A mistake in a group reaches its sender alone, privately, once.
    const toZhang = bot.outbox.items.filter((i) => i.to === `open_id:${zhang.openId}`)
    expect(toZhang.map((i) => i.kind)).toEqual(['send'])
    expect(repliesTo(event.event.message.message_id)).toHaveLength(0)
    expect(await count('select count(*) from inbound_messages where processed_at is null')).toBe(0)
  })
})
