import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { createClient } from '@libsql/client'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { messageEvent, VERIFICATION_TOKEN } from '../support/events'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { signedRequest } from '../../src/lark/crypto'
import { startServer, type StartedServer } from '../support/server'

const KEY = 'e2e encrypt key'
const admin = { openId: 'ou_e2e_admin' }
const liaison = { openId: 'ou_e2e_liaison', name: '张三' }

const post = async (server: StartedServer, body: object, encryptKey = KEY) => {
  const req = signedRequest(body, { encryptKey, encrypt: true })
  return fetch(`${server.url}/lark/webhook`, {
    method: 'POST',
    body: req.body,
    headers: req.headers,
  })
}

/** npm start talking to a fake Lark OpenAPI. */
const larkEnv = (lark: { url: string }) => ({
  LARK_APP_ID: SAMPLE_APP_ID,
  LARK_APP_SECRET: 'secret',
  LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
  LARK_ENCRYPT_KEY: KEY,
  LARK_DOMAIN: lark.url,
  ADMIN_OPEN_IDS: admin.openId,
})

/** The admin adds a unit and binds the liaison to it, each answered before the next. */
async function bindLiaison(server: StartedServer, lark: FakeLark) {
  for (const setup of [
    messageEvent({ text: '/单位 添加 区财政局', sender: admin }),
    messageEvent({ text: '/绑定 @_user_1 区财政局', sender: admin, mentions: [liaison] }),
  ]) {
    await post(server, setup)
    await lark.waitFor((m) => m.messageId === setup.event.message.message_id)
  }
}

describe('npm start against a fake Lark OpenAPI', () => {
  let lark: FakeLark
  let server: StartedServer

  beforeAll(async () => {
    lark = await startFakeLark()
    server = await startServer(larkEnv(lark))
  })
  afterAll(async () => {
    await server?.stop()
    await lark?.close()
  })

  it('replies through the OpenAPI once per message, however often Lark redelivers', async () => {
    await bindLiaison(server, lark)
    const report = messageEvent({ text: '/上报 学习 3', sender: liaison })
    for (let i = 0; i < 3; i++) expect((await post(server, report)).status).toBe(200)
    const reply = await lark.waitFor(
      (m) => m.kind === 'reply' && m.messageId === report.event.message.message_id,
    )
    expect(JSON.stringify(reply.content)).toContain('集中学习 3次')
    await new Promise((r) => setTimeout(r, 300))
    expect(lark.sent.filter((m) => m.messageId === report.event.message.message_id)).toHaveLength(1)
    // The tenant token is fetched once and then served from the KV cache.
    expect(lark.tokenRequests).toBe(1)
  })

  it('listens on 127.0.0.1 only, and says so', async () => {
    expect(server.output()).toContain(`tally bot listening on ${server.url} (Lark `)
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === 'IPv4' && !i.internal)
    const port = new URL(server.url).port
    if (other) await expect(fetch(`http://${other.address}:${port}/healthz`)).rejects.toThrow()
  })

  it('with DEV_CONSOLE=1 prints the console’s link with the key it asks for', async () => {
    const withConsole = await startServer({ ...larkEnv(lark), DEV_CONSOLE: '1' })
    try {
      const link = withConsole.output().match(/chat console: (\S+)/)?.[1]
      expect(link).toMatch(new RegExp(`^${withConsole.url}/dev\\?key=[\\w-]{32}$`))
      expect((await fetch(link!)).status).toBe(200)
      expect((await fetch(`${withConsole.url}/dev/api/state`)).status).toBe(401)
    } finally {
      await withConsole.stop()
    }
  })

  it('answers bad input correctly and stays healthy', async () => {
    const bad = [
      fetch(`${server.url}/lark/webhook`, { method: 'POST', body: 'garbage' }),
      post(server, messageEvent({ text: '/帮助', sender: liaison }), 'wrong key'),
      fetch(`${server.url}/lark/webhook`, {
        method: 'POST',
        body: JSON.stringify({ x: 'y'.repeat(1_100_000) }),
      }),
      // Chunked, so no Content-Length to go by.
      fetch(`${server.url}/lark/webhook`, {
        method: 'POST',
        body: new Blob([JSON.stringify({ x: 'y'.repeat(1_100_000) })]).stream(),
        duplex: 'half',
      } as RequestInit),
    ]
    expect((await Promise.all(bad)).map((r) => r.status)).toEqual([400, 400, 413, 413])
    const challenge = { type: 'url_verification', challenge: 'ch', token: 'nope' }
    expect(
      (
        await fetch(`${server.url}/lark/webhook`, {
          method: 'POST',
          body: JSON.stringify(challenge),
        })
      ).status,
    ).toBe(401)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404)
  })
})

describe('npm start with no Lark credentials', () => {
  it('runs in local mode with the outbox', async () => {
    const server = await startServer({})
    try {
      expect(server.output()).toContain('local mode')
      const items = await (await fetch(`${server.url}/dev/outbox`)).json()
      expect(items).toEqual([])
    } finally {
      await server.stop()
    }
  })

  it('stops with one line naming a malformed variable', async () => {
    await expect(startServer({ PORT: 'eighty' })).rejects.toThrow(/PORT/)
  })
})

describe('npm start after a run that died', () => {
  it('finishes at once the messages the last run stored but did not process', async () => {
    const lark = await startFakeLark()
    const dir = mkdtempSync(join(tmpdir(), 'tally-restart-'))
    const env = { ...larkEnv(lark), DATABASE_URL: `file:${join(dir, 'tally.db')}` }
    try {
      const first = await startServer(env)
      await bindLiaison(first, lark)
      await first.stop()
      // What a process killed between the 200 and the command leaves: the stored message.
      const report = messageEvent({ text: '/上报 学习 3', sender: liaison })
      const db = createClient({ url: env.DATABASE_URL })
      await db.execute({
        sql: `insert into inbound_messages (message_id, event_id, chat_id, sender_open_id, text, event, created_at, pending_at)
              values (?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          report.event.message.message_id,
          report.header.event_id,
          report.event.message.chat_id,
          liaison.openId,
          '/上报 学习 3',
          JSON.stringify(report.event),
          Date.now(),
          Date.now() + 60_000,
        ],
      })
      const second = await startServer(env)
      try {
        const reply = await lark.waitFor(
          (m) => m.kind === 'reply' && m.messageId === report.event.message.message_id,
        )
        expect(JSON.stringify(reply.content)).toContain('集中学习 3次')
        expect((await db.execute('select count(*) from reports')).rows[0]![0]).toBe(1)
      } finally {
        db.close()
        await second.stop()
      }
    } finally {
      await lark.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** A Lark OpenAPI that takes requests and never answers them. */
async function startHungLark() {
  let reached!: () => void
  const called = new Promise<void>((resolve) => (reached = resolve))
  const server = createServer(() => reached())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    called,
    close() {
      server.closeAllConnections()
      server.close()
    },
  }
}

describe('npm start stopping while a Lark call hangs', () => {
  /** Started, with a message in flight whose reply is stuck on Lark. */
  async function busyServer(hungLark: { url: string; called: Promise<void> }) {
    const server = await startServer(larkEnv(hungLark))
    post(server, messageEvent({ text: '/帮助', sender: admin })).catch(() => {})
    await hungLark.called
    return server
  }
  /** Sends `signal` and resolves with how the process ended, and how long that took. */
  async function kill(server: StartedServer, signal: NodeJS.Signals) {
    const sent = Date.now()
    process.kill(server.pid, signal)
    return { code: await server.exited, ms: Date.now() - sent }
  }

  it('exits 0 within 10 s of SIGTERM, however long Lark takes', async () => {
    const lark = await startHungLark()
    const server = await busyServer(lark)
    try {
      const { code, ms } = await kill(server, 'SIGTERM')
      expect(code).toBe(0)
      expect(ms).toBeLessThan(10_000)
      expect(server.output()).toContain('work still in flight after 8 s')
    } finally {
      await server.stop()
      lark.close()
    }
  }, 20_000)

  it('exits at once on a second signal', async () => {
    const lark = await startHungLark()
    const server = await busyServer(lark)
    try {
      process.kill(server.pid, 'SIGTERM')
      while (!server.output().includes('SIGTERM: stopping')) {
        await new Promise((r) => setTimeout(r, 20))
      }
      const { code, ms } = await kill(server, 'SIGINT')
      expect(code).toBe(130)
      expect(ms).toBeLessThan(1000)
    } finally {
      await server.stop()
      lark.close()
    }
  })
})
