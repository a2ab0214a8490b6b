import { createClient } from '@libsql/client'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type StartedServer } from '../support/server'
import { SAMPLE_APP_ID, type Who } from '../../src/lark/payloads'
import { messageEvent } from '../support/events'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { startFakeLarkWs, type FakeLarkWs } from '../support/fake-lark-ws'

const APP = { appId: SAMPLE_APP_ID, appSecret: 'only-two-credentials' }
const admin = { openId: 'ou_ws_admin' }
const liaison = { openId: 'ou_ws_liaison', name: '张三' }

/** npm start with the app's id and secret only (LARK_DOMAIN points it at the fakes). */
const onlyCredentials = (ws: FakeLarkWs) => ({
  LARK_APP_ID: APP.appId,
  LARK_APP_SECRET: APP.appSecret,
  LARK_DOMAIN: ws.url,
})

const health = async (server: StartedServer) => (await fetch(`${server.url}/healthz`)).json()

describe('npm start with only LARK_APP_ID and LARK_APP_SECRET', () => {
  let lark: FakeLark
  let ws: FakeLarkWs
  let dir: string
  beforeAll(async () => {
    lark = await startFakeLark()
    ws = await startFakeLarkWs(lark, APP)
    dir = mkdtempSync(join(tmpdir(), 'tally-ws-'))
  })
  afterAll(async () => {
    await ws?.close()
    await lark?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** A message over the socket, in the liaisons' group; resolves once Lark saw it acked. */
  async function say(sender: Who, text: string, mentions?: Who[]) {
    const event = messageEvent({ text, sender, appId: APP.appId, chatId: 'oc_ws', mentions })
    lark.messageChats.set(event.event.message.message_id, 'oc_ws')
    const delivery = await ws.deliver(event, { attempts: 20, retryMs: 300 })
    expect(delivery.ack?.code).toBe(200)
    return event.event.message.message_id
  }
  const replied = (id: string) => lark.waitFor((m) => m.messageId === id, 20_000)

  it('runs over the long connection, says so, and answers', async () => {
    const server = await startServer(onlyCredentials(ws))
    try {
      expect(server.output()).toContain('events: over the long connection')
      await ws.connected()
      await expect
        .poll(() => health(server))
        .toMatchObject({ ok: true, transport: 'long-connection', connected: true })
      expect(JSON.stringify((await replied(await say(liaison, '/帮助'))).content)).toContain('绑定')
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('says what is wrong when Lark refuses the secret, and is not connected', async () => {
    const server = await startServer({ ...onlyCredentials(ws), LARK_APP_SECRET: 'wrong' })
    try {
      await expect
        .poll(() => server.output(), { timeout: 10_000 })
        .toContain('long connection to Lark failed')
      expect(await health(server)).toMatchObject({ connected: false, since: expect.any(String) })
    } finally {
      await server.stop()
    }
  }, 30_000)

  it('loses and doubles no report across kill -9, nor with two instances connected', async () => {
    const env = {
      ...onlyCredentials(ws),
      ADMIN_OPEN_IDS: admin.openId,
      DATABASE_URL: `file:${join(dir, 'tally.db')}`,
    }
    const first = await startServer(env)
    await ws.connected()
    await replied(await say(admin, '/单位 添加 区财政局'))
    await replied(await say(admin, '/绑定 @_user_1 区财政局', [liaison]))
    // Five reports pushed at once; the process dies as the first is acked.
    const events = [1, 2, 3, 4, 5].map((n) =>
      messageEvent({ text: `/上报 学习 ${n}`, sender: liaison, appId: APP.appId, chatId: 'oc_ws' }),
    )
    events.forEach((e) => lark.messageChats.set(e.event.message.message_id, 'oc_ws'))
    const acks = ws.acks.length
    const deliveries = events.map((e) => ws.deliver(e, { attempts: 40, retryMs: 500 }))
    await expect.poll(() => ws.acks.length, { interval: 5 }).toBeGreaterThan(acks)
    process.kill(first.pid, 'SIGKILL')
    await first.exited
    // A rolling restart: two instances on one database, Lark pushing to either.
    const second = await startServer(env)
    const third = await startServer(env)
    try {
      await ws.connected(2)
      // Each report once more, as Lark does when an ack was lost on the way.
      const again = events.map((e) => ws.deliver(e, { attempts: 40, retryMs: 500 }))
      for (const d of await Promise.all([...deliveries, ...again])) expect(d.ack?.code).toBe(200)
      for (const e of events) await replied(e.event.message.message_id)
      await new Promise((r) => setTimeout(r, 500))
      const db = createClient({ url: env.DATABASE_URL })
      const figures = await db.execute('select count(*) from reports')
      db.close()
      expect(Number(figures.rows[0]![0])).toBe(5)
      for (const e of events) {
        const id = e.event.message.message_id
        expect(lark.sent.filter((m) => m.messageId === id)).toHaveLength(1)
      }
    } finally {
      await second.stop()
      await third.stop()
      await first.stop()
    }
  }, 120_000)
})
