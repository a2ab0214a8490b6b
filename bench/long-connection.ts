/**
 * npm run bench:ws — the webhook benchmark's /上报 load (scripts/bench.ts), pushed over the long
 * connection instead: `npm start` with only the app's id and secret, against the fake Lark
 * endpoint (test/support/fake-lark-ws.ts), 200 liaisons, BENCH_CONCURRENCY pushes awaiting
 * their ack at once. Prints acks per second, ack latency, the time until every report was
 * processed (its replies then queue behind Lark's 50 calls/s), and the server's CPU per report.
 */
import { createClient } from '@libsql/client'
import { readFileSync } from 'node:fs'
import { startServer } from '../test/support/server'
import { messageEvent, SAMPLE_APP_ID, type Who } from '../src/lark/payloads'
import { startFakeLark } from '../src/local/fake-lark'
import { startFakeLarkWs, type FakeLarkWs } from '../test/support/fake-lark-ws'

const LIAISONS = 200
const UNITS = 40
const REPORTS = Number(process.env.BENCH_REPORTS ?? 2000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)
const APP = { appId: SAMPLE_APP_ID, appSecret: 'bench secret' }
const ADMIN = { openId: 'ou_bench_admin' }

const message = (sender: Who, text: string, mentions: Who[] = []) =>
  messageEvent({
    token: '',
    appId: APP.appId,
    chatId: 'oc_bench',
    chatType: 'group',
    sender,
    text,
    mentions,
  })

async function push(ws: FakeLarkWs, body: object) {
  const delivery = await ws.deliver(body, { attempts: 1 })
  if (!delivery.ack) throw new Error(`no ack: ${delivery.failures.join(', ')}`)
  return delivery.ack.ms
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/** Until every report is processed (counted); replies then wait on Lark's 50 calls/s. */
async function untilProcessed(dbUrl: string, count: number) {
  const db = createClient({ url: dbUrl })
  for (;;) {
    const done = await db.execute(
      "select count(*) from inbound_messages where processed_at is not null and text like '/上报%'",
    )
    if (Number(done.rows[0]![0]) >= count) return db.close()
    await new Promise((r) => setTimeout(r, 50))
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

async function main() {
  const lark = await startFakeLark()
  const ws = await startFakeLarkWs(lark, APP, { PingInterval: 30 })
  const server = await startServer({
    LARK_APP_ID: APP.appId,
    LARK_APP_SECRET: APP.appSecret,
    LARK_DOMAIN: ws.url,
    ADMIN_OPEN_IDS: ADMIN.openId,
  })
  try {
    await ws.connected()
    const units = Array.from({ length: UNITS }, (_, i) => `单位${String(i + 1).padStart(3, '0')}`)
    await push(ws, message(ADMIN, `/单位 添加 ${units.join(' ')}`))
    for (let i = 0; i < LIAISONS; i++) {
      const who = { openId: `ou_bench_${i}`, name: `联络员${i}` }
      await push(ws, message(ADMIN, `/绑定 @_user_1 ${units[i % UNITS]}`, [who]))
    }
    const jobs = Array.from({ length: REPORTS }, (_, i) => i)
    const latencies: number[] = []
    const cpuBefore = cpuMs(server.pid)
    const started = performance.now()
    const worker = async () => {
      for (let i = jobs.shift(); i !== undefined; i = jobs.shift()) {
        const sender = { openId: `ou_bench_${i % LIAISONS}` }
        latencies.push(await push(ws, message(sender, `/上报 学习 ${1 + (i % 3)} 党课 1`)))
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    const ackSeconds = (performance.now() - started) / 1000
    await untilProcessed(server.dbUrl, REPORTS)
    const allSeconds = (performance.now() - started) / 1000
    const cpu = cpuMs(server.pid) - cpuBefore
    latencies.sort((a, b) => a - b)
    const ms = (v: number) => `${v.toFixed(1)} ms`
    console.log(`long connection: ${REPORTS} /上报 pushes, ${CONCURRENCY} awaiting their ack`)
    console.log(`acked: ${(REPORTS / ackSeconds).toFixed(0)}/s (${ackSeconds.toFixed(1)} s)`)
    console.log(
      `ack latency: p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}, max ${ms(latencies.at(-1)!)}`,
    )
    console.log(
      `all processed: ${(REPORTS / allSeconds).toFixed(0)}/s (${allSeconds.toFixed(1)} s)`,
    )
    console.log(`server CPU: ${(cpu / REPORTS).toFixed(2)} ms per report`)
    console.log(`late or missing acks: ${ws.late.length}`)
  } finally {
    await server.stop()
    await ws.close()
    await lark.close()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
