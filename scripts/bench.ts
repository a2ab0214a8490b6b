/**
 * npm run bench — drives the local Node server over loopback with signed, encrypted /上报
 * webhooks from 200 simulated liaisons, 50 in flight, then measures the bare insert rate of
 * the same libSQL database through the same client, and prints the ratios.
 */
import { createClient } from '@libsql/client'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { messageEvent, VERIFICATION_TOKEN } from '../test/support/events'
import { signedRequest } from '../test/support/lark-crypto'
import { startServer, type StartedServer } from '../test/support/server'

const LIAISONS = 200
const UNITS = 40
const REPORTS_PER_LIAISON = Number(process.env.BENCH_REPORTS ?? 5)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)
const KEY = 'bench encrypt key'
const ADMIN = { openId: 'ou_bench_admin' }

// Keep-alive connections, one per webhook in flight, as Lark's pushes would arrive.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function post(server: StartedServer, body: object): Promise<{ status: number }> {
  const signed = signedRequest(body, { encryptKey: KEY, encrypt: true })
  return new Promise((resolve, reject) => {
    const url = `${server.url}/lark/webhook`
    const req = request(url, { method: 'POST', agent, headers: signed.headers }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }))
    })
    req.on('error', reject)
    req.end(signed.body)
  })
}

async function setUp(server: StartedServer) {
  const units = Array.from({ length: UNITS }, (_, i) => `单位${String(i + 1).padStart(3, '0')}`)
  await post(server, messageEvent({ text: `/单位 添加 ${units.join(' ')}`, sender: ADMIN }))
  for (let i = 0; i < LIAISONS; i++) {
    const who = { openId: `ou_bench_${i}`, name: `联络员${i}` }
    const text = `/绑定 @_user_1 ${units[i % UNITS]}`
    const res = await post(server, messageEvent({ text, sender: ADMIN, mentions: [who] }))
    if (res.status !== 200) throw new Error(`setup failed: ${res.status}`)
  }
}

/** utime + stime of a process, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

async function driveWebhooks(server: StartedServer, count: number) {
  const jobs = Array.from({ length: count }, (_, i) => i)
  const latencies: number[] = []
  const sentAt = new Map<string, number>()
  const started = performance.now()
  const worker = async () => {
    for (let i = jobs.shift(); i !== undefined; i = jobs.shift()) {
      const sender = { openId: `ou_bench_${i % LIAISONS}` }
      const body = messageEvent({ text: `/上报 学习 ${1 + (i % 3)} 党课 1`, sender })
      sentAt.set(body.event.message.message_id, Date.now())
      const t0 = performance.now()
      const res = await post(server, body)
      latencies.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  return { latencies, sentAt, seconds: (performance.now() - started) / 1000 }
}

/** Waits until every message has been replied to; returns each one's time from send to reply. */
async function untilReplied(dbUrl: string, sentAt: Map<string, number>) {
  const client = createClient({ url: dbUrl })
  const ids = [...sentAt.keys()]
  const marks = ids.map(() => '?').join(',')
  for (;;) {
    const rows = await client.execute({
      sql: `select message_id, replied_at from inbound_messages where replied_at is not null and message_id in (${marks})`,
      args: ids,
    })
    if (rows.rows.length === ids.length) {
      client.close()
      return rows.rows.map((r) => Number(r[1]) - sentAt.get(String(r[0]))!)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Sequential writes through the same client to the same file: `row` is one INSERT per commit;
 * `report` is what one /上报 stores (its message, report and two entries) in one transaction.
 */
async function bareInsertRates(dbUrl: string, count: number) {
  const client = createClient({ url: dbUrl })
  await client.execute(
    'create table bench_bare (id integer primary key, unit integer, amount integer)',
  )
  let started = performance.now()
  for (let i = 0; i < count; i++) {
    await client.execute({
      sql: 'insert into bench_bare (unit, amount) values (?, ?)',
      args: [i % UNITS, i],
    })
  }
  const row = count / ((performance.now() - started) / 1000)
  started = performance.now()
  for (let i = 0; i < count; i++) {
    const id = `om_bare_${i}`
    const tx = await client.transaction('write')
    await tx.execute({
      sql: `insert into inbound_messages (message_id, event_id, chat_id, sender_open_id, text, reply) values (?, ?, 'oc_bench', 'ou_bench_0', '/上报 学习 3 党课 1', '{}')`,
      args: [id, id],
    })
    const report = await tx.execute({
      sql: `insert into reports (message_id, unit_id, week, reporter_open_id, created_at) values (?, 1, '2026-W48', 'ou_bench_0', 0) returning id`,
      args: [id],
    })
    await tx.execute({
      sql: `insert into entries (report_id, indicator, amount) values (?, 'study', 3), (?, 'secretary_lectures', 1)`,
      args: [report.rows[0]![0]!, report.rows[0]![0]!],
    })
    await tx.commit()
  }
  const reportRate = count / ((performance.now() - started) / 1000)
  client.close()
  return { row, report: reportRate }
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

async function main() {
  const server = await startServer({
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    LARK_ENCRYPT_KEY: KEY,
    ADMIN_OPEN_IDS: ADMIN.openId,
  })
  try {
    await setUp(server)
    // Not measured: one report per liaison first, so JIT warm-up is not counted as latency.
    await driveWebhooks(server, LIAISONS)
    const cpuBefore = cpuMs(server.pid)
    const first = Date.now()
    const run = await driveWebhooks(server, LIAISONS * REPORTS_PER_LIAISON)
    const toReply = (await untilReplied(server.dbUrl, run.sentAt)).sort((a, b) => a - b)
    const processedSeconds = (Date.now() - first) / 1000
    const cpu = cpuMs(server.pid) - cpuBefore
    const stored = await createClient({ url: server.dbUrl }).execute(
      'select count(*) as n from reports',
    )
    const n = run.latencies.length
    const to200 = [...run.latencies].sort((a, b) => a - b)
    const answered = n / run.seconds
    const processed = n / processedSeconds
    const bare = await bareInsertRates(server.dbUrl, n)
    const rows = [
      ['webhooks', `${n} measured after ${LIAISONS} warm-up, ${CONCURRENCY} in flight`],
      ['reports stored', String(stored.rows[0]!.n)],
      ['answered (200) throughput', `${answered.toFixed(0)} /s`],
      ['time to 200, p50 / p99', `${pct(to200, 50).toFixed(1)} / ${pct(to200, 99).toFixed(1)} ms`],
      ['processed + replied throughput', `${processed.toFixed(0)} /s`],
      ['time to reply, p50 / p99', `${pct(toReply, 50)} / ${pct(toReply, 99)} ms`],
      ['server CPU per webhook', `${(cpu / n).toFixed(2)} ms`],
      ['bare insert, one row', `${bare.row.toFixed(0)} /s (same file, same @libsql/client)`],
      ['bare insert, one report', `${bare.report.toFixed(0)} /s (message + report + entries)`],
      [
        'ratio webhook / bare row',
        `${(answered / bare.row).toFixed(2)} answered, ${(processed / bare.row).toFixed(2)} processed`,
      ],
      [
        'ratio webhook / bare report',
        `${(answered / bare.report).toFixed(2)} answered, ${(processed / bare.report).toFixed(2)} processed`,
      ],
    ]
    for (const [k, v] of rows) console.log(`${k!.padEnd(32)} ${v}`)
  } finally {
    await server.stop()
  }
}

await main()
