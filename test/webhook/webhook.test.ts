import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cardText, createTestBot, ENCRYPT_KEY, type TestBot } from '../support/bot'
import { BOT_MENTION, messageEvent, VERIFICATION_TOKEN } from '../support/events'
import { fixture } from '../support/fixtures'
import { encryptEvent, signedRequest } from '../../src/lark/crypto'

const liaison = { openId: 'ou_liaison_1' }
// Friday 2026-11-27 10:00 in Shanghai: the bot's clock, which Lark's timestamps are checked against.
const NOW = new Date('2026-11-27T02:00:00Z')
const nowSec = NOW.getTime() / 1000
let bot: TestBot

beforeEach(async () => {
  bot = await createTestBot({ now: () => NOW })
})
afterEach(() => bot.close())

const raw = (body: string, headers: Record<string, string> = {}) =>
  bot.app.request(
    '/lark/webhook',
    { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } },
    {},
    bot.runner,
  )

describe('url_verification', () => {
  const challenge = { challenge: 'c-123', token: VERIFICATION_TOKEN, type: 'url_verification' }

  it('echoes a plain challenge whose token matches', async () => {
    const res = await raw(JSON.stringify(challenge))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ challenge: 'c-123' })
  })

  it('echoes an encrypted challenge', async () => {
    const res = await raw(
      JSON.stringify({ encrypt: encryptEvent(JSON.stringify(challenge), ENCRYPT_KEY) }),
    )
    expect(await res.json()).toEqual({ challenge: 'c-123' })
  })

  it('refuses a challenge with the wrong token', async () => {
    const res = await raw(JSON.stringify({ ...challenge, token: 'not-ours' }))
    expect(res.status).toBe(401)
  })
})

describe('authentication and bad input', () => {
  it('answers 401 to a bad signature and records nothing', async () => {
    const event = messageEvent({ text: '/帮助', sender: liaison })
    const req = signedRequest(event, {
      encryptKey: 'someone else',
      encrypt: false,
      timestampSec: nowSec,
    })
    const res = await raw(req.body, req.headers)
    expect(res.status).toBe(401)
    expect(bot.replyTo(event.event.message.message_id)).toBeUndefined()
    expect(
      (await bot.deps.database.client.execute('select count(*) as n from inbound_messages'))
        .rows[0]!.n,
    ).toBe(0)
  })

  it('answers 401 to a timestamp older than the window (replay), and logs its age', async () => {
    const event = messageEvent({ text: '/帮助', sender: liaison })
    const stale = nowSec - 9 * 3600
    const req = signedRequest(event, {
      encryptKey: ENCRYPT_KEY,
      encrypt: true,
      timestampSec: stale,
    })
    expect((await raw(req.body, req.headers)).status).toBe(401)
    expect(bot.warnings.join('\n')).toMatch(/age 32400 s, window 28800 s/)
  })

  it("takes Lark's last retry, six hours after the first delivery", async () => {
    const event = messageEvent({ text: '/帮助', sender: liaison })
    const retry = nowSec - 6 * 3600 - 330
    const req = signedRequest(event, {
      encryptKey: ENCRYPT_KEY,
      encrypt: true,
      timestampSec: retry,
    })
    expect((await raw(req.body, req.headers)).status).toBe(200)
  })

  it('answers 401 to a signed event carrying the wrong token', async () => {
    const res = await bot.post(messageEvent({ text: '/帮助', sender: liaison, token: 'wrong' }))
    expect(res.status).toBe(401)
  })

  it('answers 400 to garbage and to an undecryptable body', async () => {
    expect((await raw('not json at all')).status).toBe(400)
    expect((await raw(JSON.stringify({ encrypt: 'AAAA' + 'x'.repeat(40) }))).status).toBe(400)
  })

  it('answers 400 "cannot decrypt body" to a tampered ciphertext and to another key', async () => {
    const plaintext = JSON.stringify(messageEvent({ text: '/帮助', sender: liaison }))
    const sealed = Buffer.from(encryptEvent(plaintext, ENCRYPT_KEY), 'base64')
    sealed[sealed.length - 1]! ^= 0x01 // the block that carries the padding
    const tampered = sealed.toString('base64')
    const foreign = encryptEvent(plaintext, 'someone else')
    for (const encrypt of [tampered, foreign]) {
      const res = await raw(JSON.stringify({ encrypt }))
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: 'cannot decrypt body' })
    }
  })

  it('answers 413 to a body over 1 MB', async () => {
    const res = await raw(JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) }))
    expect(res.status).toBe(413)
  })

  it('ignores unknown event types with 200', async () => {
    const event = {
      ...messageEvent({ text: '', sender: liaison }),
      header: {
        ...fixture('im.message.receive_v1.json').header,
        event_type: 'im.chat.updated_v1',
        token: VERIFICATION_TOKEN,
      },
    }
    const res = await bot.post(event)
    expect(res.status).toBe(200)
  })

  it('stays healthy afterwards', async () => {
    await raw('{')
    const res = await bot.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, schema: expect.any(Number) })
  })
})

describe('messages', () => {
  it('answers /帮助 with a card generated from the registry', async () => {
    const card = await bot.say(liaison, '/帮助')
    expect(card?.schema).toBe('2.0')
    // Someone not yet bound is told first how to bind.
    expect(cardText(card)).toContain('/绑定 单位名称 你的姓名')
  })

  it('strips the bot mention and reads rich-text posts', async () => {
    const content = JSON.stringify({
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: BOT_MENTION.name },
          { tag: 'text', text: ' ／帮助 ' },
        ],
      ],
    })
    const event = messageEvent({
      text: '',
      sender: liaison,
      messageType: 'post',
      content,
      mentions: [BOT_MENTION],
    })
    expect((await bot.post(event)).status).toBe(200)
    expect(cardText(bot.replyTo(event.event.message.message_id))).toContain('使用说明')
  })

  it('reads a command name in any case and width', async () => {
    for (const text of ['/Help', '／ＨＥＬＰ']) {
      expect(cardText(await bot.say(liaison, text)), text).toContain('使用说明')
    }
  })

  it('answers an unknown command with a short help card', async () => {
    const card = await bot.say(liaison, '/胡说')
    expect(cardText(card)).toContain('不认识「胡说」')
  })

  it('processes a redelivered message once, however late', async () => {
    const event = messageEvent({ text: '/帮助', sender: liaison })
    expect((await bot.post(event)).status).toBe(200)
    const later = { ...event, header: { ...event.header, event_id: 'ev_redelivered' } }
    bot.setNow(new Date(NOW.getTime() + 6 * 3600_000))
    expect((await bot.post(later)).status).toBe(200)
    const replies = bot.outbox.items.filter((i) => i.to === event.event.message.message_id)
    expect(replies).toHaveLength(1)
  })

  it('answers 500 when the database is down, and counts the retry once', async () => {
    const event = messageEvent({ text: '/帮助', sender: liaison })
    await bot.deps.database.client.execute(
      'alter table inbound_messages rename to inbound_messages_away',
    )
    expect((await bot.post(event)).status).toBe(500)
    await bot.deps.database.client.execute(
      'alter table inbound_messages_away rename to inbound_messages',
    )
    expect((await bot.post(event)).status).toBe(200)
    expect((await bot.post(event)).status).toBe(200)
    expect(bot.outbox.items.filter((i) => i.to === event.event.message.message_id)).toHaveLength(1)
  })
})
