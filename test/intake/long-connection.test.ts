import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handlers } from '../../commands'
import { holdWriteLock } from '../support/lock-holder'
import { startLongConnection } from '../../src/intake/long-connection'
import { menuEvent, p2pEnteredEvent, SAMPLE_APP_ID, type Who } from '../../src/lark/payloads'
import type { LongConnection } from '../../src/lark/long-connection'
import { ADMIN, createTestBot, type TestBot } from '../support/bot'
import { cardActionEvent, messageEvent, VERIFICATION_TOKEN } from '../support/events'
import { startFakeLark, type FakeLark, type SentMessage } from '../../src/local/fake-lark'
import { startFakeLarkWs, type FakeLarkWs } from '../support/fake-lark-ws'
import { zhang } from '../support/liaisons'

const APP = { appId: SAMPLE_APP_ID, appSecret: 'long-connection secret' }

describe('the long connection', () => {
  let lark: FakeLark
  let ws: FakeLarkWs
  let bot: TestBot
  let link: LongConnection
  const count = async (sql: string) =>
    Number((await bot.deps.database.client.execute(sql)).rows[0]![0])

  /** A chat message pushed over the socket; resolves with the bot's reply to it. */
  async function say(sender: Who, text: string, extra: { mentions?: Who[] } = {}) {
    const event = messageEvent({ text, sender, appId: APP.appId, ...extra })
    const id = event.event.message.message_id
    lark.messageChats.set(id, 'oc_liaisons')
    const delivery = await ws.deliver(event)
    expect(delivery.ack?.code).toBe(200)
    return lark.waitFor((m) => m.kind === 'reply' && m.messageId === id)
  }
  const text = (m: SentMessage) => JSON.stringify(m.content)

  beforeAll(async () => {
    lark = await startFakeLark()
    ws = await startFakeLarkWs(lark, APP)
    bot = await createTestBot({
      env: {
        LARK_APP_ID: APP.appId,
        LARK_APP_SECRET: APP.appSecret,
        LARK_DOMAIN: ws.url,
        LARK_TRANSPORT: 'long-connection',
        DATABASE_BUSY_TIMEOUT_MS: '20000',
      },
    })
    link = startLongConnection(bot.deps, handlers, (work) => bot.runner.waitUntil(work))
    await ws.connected()
    await say(ADMIN, '/单位 添加 区财政局')
    await say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  })
  afterAll(async () => {
    link?.close()
    await bot?.close()
    await ws?.close()
    await lark?.close()
  })

  it('takes a report from a pushed message and replies once, within the 3 s budget', async () => {
    const reply = await say(zhang, '/上报 学习 3')
    expect(text(reply)).toContain('集中学习 3次')
    expect(ws.late).toEqual([])
    expect(ws.acks.every((a) => a.code === 200 && a.ms < 3000)).toBe(true)
    expect(bot.errors).toEqual([])
  })

  it('answers ping with the service id and is connected in /healthz', async () => {
    await new Promise((r) => setTimeout(r, 2500))
    expect(ws.pings).toBeGreaterThan(0)
    const health = await (await bot.app.request('/healthz')).json()
    expect(health).toMatchObject({ ok: true, transport: 'long-connection' })
    // createTestBot's app has no link: the status is the link's own.
    expect(link.status()).toMatchObject({ connected: true, since: expect.any(String) })
  })

  it('acks a message only once it is stored: a locked database holds the ack back', async () => {
    const lock = await holdWriteLock(bot.config.database.url, 4000)
    const event = messageEvent({ text: '/上报 学习 2', sender: zhang, appId: APP.appId })
    const id = event.event.message.message_id
    lark.messageChats.set(id, 'oc_liaisons')
    const acked = ws.acks.length
    const delivery = ws.deliver(event, { attempts: 10, retryMs: 50 })
    await new Promise((r) => setTimeout(r, 3500))
    // Nothing was acked while the row could not be written: Lark will push it again.
    expect(ws.acks.length).toBe(acked)
    expect(ws.late.length).toBeGreaterThan(0)
    await lock.released
    expect((await delivery).ack?.code).toBe(200)
    await lark.waitFor((m) => m.kind === 'reply' && m.messageId === id)
    await bot.runner.idle()
    expect(await count(`select count(*) from inbound_messages where message_id = '${id}'`)).toBe(1)
    expect(lark.sent.filter((m) => m.messageId === id)).toHaveLength(1)
    ws.late.length = 0
  }, 30_000)

  it('answers a card callback with its toast and card in the ack', async () => {
    const id = await count('select max(id) from reports')
    const click = cardActionEvent({
      value: { a: 'revoke', report: id },
      operator: zhang,
      appId: APP.appId,
    })
    const { ack } = await ws.deliver(click, { attempts: 1 })
    expect(ack?.code).toBe(200)
    expect(ack?.data.toast.content).toContain('已撤销')
    expect(JSON.stringify(ack?.data.card)).toContain('已撤销')
    expect(await count('select count(*) from revocations')).toBe(1)
  })

  it('takes a payload Lark splits into fragments', async () => {
    const event = messageEvent({ text: '/上报 学习 4', sender: zhang, appId: APP.appId })
    lark.messageChats.set(event.event.message.message_id, 'oc_liaisons')
    expect((await ws.deliver(event, { fragments: 3 })).ack?.code).toBe(200)
    const reply = await lark.waitFor((m) => m.messageId === event.event.message.message_id)
    expect(text(reply)).toContain('集中学习 4次')
  })

  it('sends one card for a menu click pushed twice, and greets once', async () => {
    const base = { token: VERIFICATION_TOKEN, appId: APP.appId, operator: zhang }
    const click = menuEvent({ ...base, eventKey: 'progress' })
    const entered = p2pEnteredEvent({ ...base, chatId: 'oc_p2p_zhang' })
    const acks = ws.acks.length
    for (const event of [click, click, entered, entered]) {
      expect((await ws.deliver(event)).ack?.code).toBe(200)
    }
    await bot.runner.idle()
    const [progress, greeting, ...more] = lark.sent.filter(
      (m) => m.kind === 'send' && m.receiveId === zhang.openId,
    )
    expect(more).toEqual([])
    expect(JSON.stringify(progress!.content)).toContain('区财政局')
    expect(JSON.stringify(greeting!.content)).toContain('你是「区财政局」的联络员')
    expect(ws.acks.slice(acks).every((a) => a.code === 200 && a.ms < 3000)).toBe(true)
    expect(bot.errors).toEqual([])
  })

  it('reconnects after the socket drops, and a redelivery is not counted twice', async () => {
    const before = await count('select count(*) from reports')
    const handshakes = ws.handshakes
    const event = messageEvent({ text: '/上报 学习 5', sender: zhang, appId: APP.appId })
    const id = event.event.message.message_id
    lark.messageChats.set(id, 'oc_liaisons')
    // Cut right after the push: whatever the bot did, Lark saw no ack and pushes it again.
    const delivery = await ws.deliver(event, { dropAfterPush: true, attempts: 2 })
    expect(delivery.failures).toEqual(['no ack within 3 s'])
    expect(delivery.ack?.code).toBe(200)
    expect(ws.handshakes).toBeGreaterThan(handshakes)
    await lark.waitFor((m) => m.messageId === id)
    await bot.runner.idle()
    expect(await count('select count(*) from reports')).toBe(before + 1)
    expect(lark.sent.filter((m) => m.messageId === id)).toHaveLength(1)
    expect(link.status().connected).toBe(true)
    ws.late.length = 0
  }, 20_000)

  it('says it is down while Lark refuses it, and comes back', async () => {
    ws.refuse(1000040343, 'system busy')
    ws.drop()
    await expect.poll(() => link.status().connected, { timeout: 5000 }).toBe(false)
    const down = link.status().since
    ws.accept()
    await ws.connected()
    await expect.poll(() => link.status().connected, { timeout: 5000 }).toBe(true)
    expect(link.status().since >= down).toBe(true)
  }, 20_000)
})
