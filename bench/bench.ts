/**
 * npm run bench — drives the local Node server over loopback with signed, encrypted /上报
 * webhooks from 200 simulated liaisons, 50 in flight, then measures the bare insert rate of
 * the same libSQL database through the same client, and prints the ratios.
 */
import { createClient } from '@libsql/client'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { signedRequest } from '../src/lark/crypto'
import { messageEvent, type Mention, type Who } from '../src/lark/payloads'
import { startServer, type StartedServer } from '../test/support/server'

const LIAISONS = 200
const UNITS = 40
const REPORTS_PER_LIAISON = Number(process.env.BENCH_REPORTS ?? 5)
const WARM_UP = LIAISONS * REPORTS_PER_LIAISON
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const BARE_PREFIX = 'om_bare_'
const REPLY_DEADLINE_MS = 60_000
const KEY = 'bench encrypt key'
const TOKEN = 'bench verification token'
const ADMIN = { openId: 'ou_bench_admin' }

/** A message to the bot in the liaisons' group. */
const message = (sender: Who, text: string, mentions: Mention[] = []) =>
  messageEvent({ token: TOKEN, chatId: 'oc_bench', chatType: 'group', sender, text, mentions })

// Keep-alive connections, one per webhook in flight, as Lark's pushes would arrive.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

async function post(server: StartedServer, body: object): Promise<{ status: number }> {
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
  await post(server, message(ADMIN, `/单位 添加 ${units.join(' ')}`))
  for (let i = 0; i < LIAISONS; i++) {
    const who = { openId: `ou_bench_${i}`, name: `联络员${i}` }
    const text = `/绑定 @_user_1 ${units[i % UNITS]}`
    const res = await post(server, message(ADMIN, text, [who]))
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
      const body = message(sender, `/上报 学习 ${1 + (i % 3)} 党课 1`)
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
  const deadline = Date.now() + REPLY_DEADLINE_MS
  for (;;) {
    const rows = await client.execute({
      sql: `select message_id, replied_at from inbound_messages where replied_at is not null and message_id in (${marks})`,
      args: ids,
    })
    if (rows.rows.length === ids.length) {
      client.close()
      return rows.rows.map((r) => Number(r[1]) - sentAt.get(String(r[0]))!)
    }
    if (Date.now() > deadline) {
      throw new Error(`${ids.length - rows.rows.length} of ${ids.length} messages never replied`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Sequential writes through the same client to the same file: `row` is one INSERT per commit;
 * `report` is what one /上报 stores (its message, report and two entries) in one transaction.
 * Measured right before each round of webhooks, as this disk's fsync time drifts during the day.
 */
async function bareInsertRates(dbUrl: string, round: number, count: number) {
  const client = createClient({ url: dbUrl })
  await client.execute(
    'create table if not exists bench_bare (id integer primary key, unit integer, amount integer)',
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
    const id = `${BARE_PREFIX}${round}_${i}`
    const tx = await client.transaction('write')
    await tx.execute({
      sql: `insert into inbound_messages (message_id, event_id, chat_id, sender_open_id, text, reply) values (?, ?, 'oc_bench', 'ou_bench_0', '/上报 学习 3 党课 1', '{}')`,
      args: [id, id],
    })
    const report = await tx.execute({
      sql: `insert into reports (message_id, unit_id, week, reporter_open_id, created_at) values (?, 1, 'bench', 'ou_bench_0', 0) returning id`,
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
const median = (xs: number[]) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  )

/** One round: the bare rates, then the webhooks, until every one is replied to. */
async function round(server: StartedServer, index: number) {
  const n = LIAISONS * REPORTS_PER_LIAISON
  const bare = await bareInsertRates(server.dbUrl, index, n)
  const cpuBefore = cpuMs(server.pid)
  const first = Date.now()
  const run = await driveWebhooks(server, n)
  const toReply = (await untilReplied(server.dbUrl, run.sentAt)).sort((a, b) => a - b)
  const processed = n / ((Date.now() - first) / 1000)
  const cpu = cpuMs(server.pid) - cpuBefore
  const to200 = [...run.latencies].sort((a, b) => a - b)
  const answered = n / run.seconds
  return {
    answered,
    p50: pct(to200, 50),
    p99: pct(to200, 99),
    processed,
    replyP50: pct(toReply, 50),
    replyP99: pct(toReply, 99),
    cpu: cpu / n,
    bareRow: bare.row,
    bareReport: bare.report,
    ratioRow: answered / bare.row,
    ratioReport: answered / bare.report,
    processedRatioRow: processed / bare.row,
  }
}

type Round = Awaited<ReturnType<typeof round>>
const fixed =
  (digits: number, unit = '') =>
  (v: number[]) =>
    v.map((x) => x.toFixed(digits)).join(' / ') + unit

/** What the bench prints: a label, the numbers of one round, and how to show them. */
const FIGURES: Array<[string, (r: Round) => number[], (v: number[]) => string]> = [
  ['answered (200) throughput', (r) => [r.answered], fixed(0, ' /s')],
  ['time to 200, p50 / p99', (r) => [r.p50, r.p99], fixed(1, ' ms')],
  ['processed + replied throughput', (r) => [r.processed], fixed(0, ' /s')],
  ['time to reply, p50 / p99', (r) => [r.replyP50, r.replyP99], fixed(0, ' ms')],
  ['server CPU per webhook', (r) => [r.cpu], fixed(2, ' ms')],
  ['bare insert, one row', (r) => [r.bareRow], fixed(0, ' /s')],
  ['bare insert, one report', (r) => [r.bareReport], fixed(0, ' /s')],
  ['ratio answered / bare row', (r) => [r.ratioRow], fixed(2)],
  ['ratio answered / bare report', (r) => [r.ratioReport], fixed(2)],
  ['ratio processed / bare row', (r) => [r.processedRatioRow], fixed(2)],
]

type Target = {
  label: string
  value: (r: Round) => number
  bound: number
  met: (v: number) => boolean
  show: (v: number) => string
}
const ms = (v: number) => `${v.toFixed(2)} ms`
const perSecond = (v: number) => `${v.toFixed(0)} /s`
const ratio = (v: number) => v.toFixed(2)

/** Issue 23's targets on this 2-core machine, medians of rounds. */
const TARGETS: Target[] = [
  {
    label: 'server CPU per webhook at most',
    value: (r) => r.cpu,
    bound: 1.0,
    met: (v) => v <= 1.0,
    show: ms,
  },
  {
    label: 'answered / bare one-row insert at least',
    value: (r) => r.ratioRow,
    bound: 0.45,
    met: (v) => v >= 0.45,
    show: ratio,
  },
  { label: 'p99 time to 200 under', value: (r) => r.p99, bound: 60, met: (v) => v < 60, show: ms },
  {
    label: 'processed + replied at least',
    value: (r) => r.processed,
    bound: 600,
    met: (v) => v >= 600,
    show: perSecond,
  },
]

/** `--guard`: exit non-zero when a guarded ratio is below its floor (.ci/run's last step). */
const GUARD = process.argv.includes('--guard')
/**
 * The ratios a regression cannot pass unseen, at half of each: processed / bare row is 600 /s
 * against the ~3,000 one-row commits a second this disk took.
 */
const GUARDED = [
  { label: 'answered / bare row', value: (r: Round) => r.ratioRow, bound: 0.45 },
  { label: 'processed / bare row', value: (r: Round) => r.processedRatioRow, bound: 0.2 },
]

async function main() {
  const server = await startServer({
    LARK_VERIFICATION_TOKEN: TOKEN,
    LARK_ENCRYPT_KEY: KEY,
    ADMIN_OPEN_IDS: ADMIN.openId,
  })
  try {
    await setUp(server)
    // Not measured: a round's worth of reports first, so V8's optimising compiler has done its
    // work (a server runs for weeks) and JIT warm-up is not counted as latency.
    await untilReplied(server.dbUrl, (await driveWebhooks(server, WARM_UP)).sentAt)
    const rounds: Round[] = []
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(server, i))
    const stored = await createClient({ url: server.dbUrl }).execute({
      sql: 'select count(*) as n from reports where message_id not like ?',
      args: [`${BARE_PREFIX}%`],
    })
    const n = LIAISONS * REPORTS_PER_LIAISON
    console.log(
      `webhooks: ${ROUNDS} rounds of ${n} after ${WARM_UP} warm-up, ${CONCURRENCY} in flight`,
    )
    const expected = WARM_UP + ROUNDS * n
    console.log(`reports stored: ${stored.rows[0]!.n} (expected ${expected})`)
    if (Number(stored.rows[0]!.n) !== expected) process.exitCode = 1
    console.log('bare inserts: same file, same @libsql/client, measured before each round')
    const cells = [...rounds.map((_, i) => `round ${i + 1}`), 'median']
    console.log(''.padEnd(32) + cells.map((c) => c.padEnd(16)).join(''))
    for (const [label, values, show] of FIGURES) {
      const each = rounds.map(values)
      const middle = each[0]!.map((_, k) => median(each.map((v) => v[k]!)))
      console.log(label.padEnd(32) + [...each, middle].map((v) => show(v).padEnd(16)).join(''))
    }
    const mid = (pick: (r: Round) => number) => median(rounds.map(pick))
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met')
    for (const t of TARGETS) {
      const value = mid(t.value)
      console.log(
        `target: ${t.label} ${t.show(t.bound)}: ${verdict(t.met(value))} (${t.show(value)})`,
      )
    }
    // What npm test holds on any machine: ratios, measured in one run, at half their targets.
    for (const g of GUARDED) {
      const value = mid(g.value)
      const floor = g.bound / 2
      if (GUARD && value < floor) process.exitCode = 1
      console.log(
        `guard: ${g.label} at least ${floor.toFixed(3)}: ${verdict(value >= floor)} (${value.toFixed(3)})`,
      )
    }
  } finally {
    await server.stop()
  }
}

await main()
