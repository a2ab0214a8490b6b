/**
 * npm run faults — the field-hardening targets, measured against `npm start` (a child process
 * on a fresh database) and against the start-up sweep:
 *   1. another process holds the write lock for 8 s: how soon after it lets go every webhook
 *      has its 200 (Lark's retries are played by re-sending a refused delivery after 1 s);
 *   2. Redis refusing connections, then hanging: p50 / p99 to the 200;
 *   3. 500 crash leftovers behind 150 replies Lark refuses for good, Lark answering in 50 ms:
 *      how long the start-up sweep takes to process and reply to all of them.
 * Every scenario ends by counting reports: none lost, none counted twice.
 */
import { createClient } from '@libsql/client'
import { createServer, type Socket } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handlers } from '../commands'
import { storeReceived } from '../db/queries/inbound-messages'
import { createNodeDeps } from '../src/adapter/node/deps'
import { signedRequest } from '../src/lark/crypto'
import type { LarkApi } from '../src/lark/outbound'
import { createOutbox } from '../src/local/outbox'
import { messageEvent, type Who } from '../src/lark/payloads'
import { silentLogger } from '../src/log'
import { finishLeftovers } from '../src/jobs/sweep'
import { holdWriteLock } from '../test/support/lock-holder'
import { freePort, startServer, type StartedServer } from '../test/support/server'

const KEY = 'faults encrypt key'
const TOKEN = 'faults verification token'
const ADMIN = { openId: 'ou_faults_admin' }
const LIAISON = { openId: 'ou_faults_liaison', name: '联络员' }
const ENV = { LARK_ENCRYPT_KEY: KEY, LARK_VERIFICATION_TOKEN: TOKEN, ADMIN_OPEN_IDS: ADMIN.openId }

const report = (sender: Who = LIAISON) =>
  messageEvent({
    token: TOKEN,
    chatId: 'oc_faults',
    chatType: 'group',
    sender,
    text: '/上报 学习 1',
  })

async function post(server: StartedServer, body: object) {
  const signed = signedRequest(body, { encryptKey: KEY, encrypt: true })
  const started = performance.now()
  const res = await fetch(`${server.url}/lark/webhook`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  }).catch(() => ({ status: 0 }))
  return { status: res.status, ms: performance.now() - started, at: performance.now() }
}

async function bindLiaison(server: StartedServer) {
  const bind = (text: string, mentions: Who[] = []) =>
    messageEvent({
      token: TOKEN,
      chatId: 'oc_faults',
      chatType: 'group',
      sender: ADMIN,
      text,
      mentions,
    })
  await post(server, bind('/单位 添加 区财政局'))
  await post(server, bind('/绑定 @_user_1 区财政局', [LIAISON]))
}

async function countReports(dbUrl: string) {
  const client = createClient({ url: dbUrl })
  const n = Number((await client.execute('select count(*) from reports')).rows[0]![0])
  client.close()
  return n
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Sends one report every 100 ms through the lock; a refused one is sent again after 1 s. */
async function lockedDatabase() {
  const server = await startServer(ENV)
  await bindLiaison(server)
  const { released } = await holdWriteLock(server.dbUrl, 8_000)
  let releasedAt = Infinity
  void released.then(() => (releasedAt = performance.now()))
  const deliveries: Promise<number>[] = []
  // Each delivery's wait from when it could first be answered (its first send, or the release
  // if it came before) to its 200. Lark gives up after its retries; here 30 s past the release.
  const deliver = async (event: object): Promise<number> => {
    const firstSent = performance.now()
    for (;;) {
      const res = await post(server, event)
      if (res.status === 200) return res.at - Math.max(firstSent, releasedAt)
      if (performance.now() - releasedAt > 30_000) return Infinity
      await sleep(1_000)
    }
  }
  const started = performance.now()
  while (performance.now() - started < 10_000) {
    deliveries.push(deliver(report()))
    await sleep(100)
  }
  const waits = await Promise.all(deliveries)
  const stored = await countReports(server.dbUrl)
  await server.stop()
  const answered = waits.filter(Number.isFinite)
  return {
    webhooks: deliveries.length,
    neverAnswered: waits.length - answered.length,
    slowestAfterReleaseMs: Math.max(...answered),
    stored,
  }
}

/** A Redis that accepts connections and never answers. */
async function hangingRedis() {
  const sockets = new Set<Socket>()
  const server = createServer((s) => sockets.add(s))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  return { url, close: () => (sockets.forEach((s) => s.destroy()), server.close()) }
}

async function redisOutage(url: string) {
  const server = await startServer({
    ...ENV,
    UPSTASH_REDIS_REST_URL: url,
    UPSTASH_REDIS_REST_TOKEN: 't',
  })
  await bindLiaison(server)
  const times: number[] = []
  let ok = 0
  for (let i = 0; i < 200; i++) {
    const res = await post(server, report())
    times.push(res.ms)
    if (res.status === 200) ok++
  }
  await sleep(1_000)
  const stored = await countReports(server.dbUrl)
  await server.stop()
  return { webhooks: 200, answered200: ok, p50Ms: pct(times, 50), p99Ms: pct(times, 99), stored }
}

async function leftoversBehindRefusals() {
  const dir = mkdtempSync(join(tmpdir(), 'tally-faults-'))
  let replied = 0
  const refusedChat = 'oc_bot_removed'
  const sent = new Map<string, string>()
  const local = createOutbox(() => undefined).api
  // Lark answering in 50 ms, and refusing for good every reply in a chat the bot was removed from.
  const lark: LarkApi = {
    ...local,
    reply: async (messageId, card, uuid) => {
      await sleep(50)
      if (sent.get(messageId) === refusedChat) return 'refused'
      replied++
      return local.reply(messageId, card, uuid)
    },
  }
  const { deps } = await createNodeDeps(
    { ...ENV, DATABASE_URL: `file:${join(dir, 'tally.db')}` },
    { log: silentLogger, lark },
  )
  for (let i = 0; i < 650; i++) {
    const chatId = i < 150 ? refusedChat : 'oc_faults'
    const event = messageEvent({
      token: TOKEN,
      chatId,
      chatType: 'group',
      sender: ADMIN,
      text: '/帮助',
    })
    const { message, sender } = event.event
    sent.set(message.message_id, chatId)
    await storeReceived(deps.database, {
      messageId: message.message_id,
      eventId: event.header.event_id,
      chatId,
      senderOpenId: sender.sender_id.open_id,
      text: '/帮助',
      event: JSON.stringify(event.event),
      createdAt: new Date(),
      pendingAt: new Date(),
    })
  }
  await sleep(10) // the restart comes after the crash: every leftover is older than it
  const started = performance.now()
  const finished = await finishLeftovers(deps, handlers.commands)
  const seconds = (performance.now() - started) / 1000
  deps.database.close()
  rmSync(dir, { recursive: true, force: true })
  return { leftovers: 500, refused: 150, attempted: finished, replied, seconds }
}

const lock = await lockedDatabase()
console.log('8 s write lock:', lock)
const down = await redisOutage(`http://127.0.0.1:${await freePort()}`)
console.log('Redis refusing:', down)
const hanging = await hangingRedis()
const hung = await redisOutage(hanging.url)
hanging.close()
console.log('Redis hanging:', hung)
const leftovers = await leftoversBehindRefusals()
console.log('leftovers:', leftovers)

const held = [
  lock.neverAnswered === 0 && lock.slowestAfterReleaseMs <= 1_000 && lock.stored === lock.webhooks,
  down.p99Ms < 300 && down.stored === 200,
  hung.p99Ms < 300 && hung.stored === 200,
  leftovers.seconds < 30 && leftovers.replied === 500,
]
console.log(
  `targets: ${held.every(Boolean) ? 'all met' : `NOT met: ${held.map((h) => (h ? 'ok' : 'missed')).join(', ')}`}`,
)
process.exit(held.every(Boolean) ? 0 : 1)
