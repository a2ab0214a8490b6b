import { createClient } from '@libsql/client'
import { and, count, eq, inArray, isNotNull } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import type { Db } from '../../db/client'
import { liaisonsOf, peopleWithRole } from '../../db/queries/people'
import * as schema from '../../db/schema'
import { digestWeek } from '../../src/jobs/digest'
import { followUpUuid } from '../../src/documents/send-file'
import type { Card } from '../../templates/card'
import { startServer, type StartedServer } from '../../test/support/server'
import { chatMessage, postWebhook, startLoad, STALL_KEY, STALL_TOKEN } from './scale-load'
import { DIGEST_LABEL, EXPORT_LABEL } from './scale-cases'
import { percentile, TARGETS } from './scale-targets'
import { OFFICE_CHAT, SCALE_NOW } from './scale-world'

export type StallOptions = { perSecond: number; windowMs: number; heavyTimeoutMs: number }
export type Stall = {
  label: string
  webhooks: number
  p99: number
  max: number
  overOneSecond: number
  errors: number
  /** What the errors were, each kind with its count. */
  errorKinds: string
  /** From the heavy command's webhook to its reply (and file), or the digest's run. */
  heavyMs: number | null
  failed: string | null
}

const POLL_MS = 100
const REPLY_DEADLINE_MS = 120_000
/** How long this process's own writes wait for the server's lock. */
const BUSY_TIMEOUT_MS = 5000

type Context = {
  server: StartedServer
  db: Db
  sender: { admin: string; leader: string }
  timeoutMs: number
  alive: () => boolean
}
type Heavy = {
  label: string
  prepare?: (db: Db) => Promise<unknown>
  run(ctx: Context): Promise<void>
}

const command = (
  label: string,
  from: keyof Context['sender'],
  opts: { text?: string; file?: boolean } = {},
): Heavy => ({
  label,
  run: (ctx) => runCommand(ctx, ctx.sender[from], opts.text ?? label, opts.file ?? false),
})

const HEAVY: Heavy[] = [
  command('/统计 累计', 'leader'),
  // The data's last whole week, named: the server's clock is the machine's, not the data's.
  command('/周报', 'leader', { text: `/周报 ${digestWeek(SCALE_NOW)}` }),
  command('/报告 累计', 'admin', { file: true }),
  command(EXPORT_LABEL, 'admin', { file: true }),
  {
    label: DIGEST_LABEL,
    // The server's digest is about the week before the machine's; that week's went out on
    // Tuesday, and without its claims it goes to every leader again.
    prepare: (db) =>
      db
        .delete(schema.jobDeliveries)
        .where(
          and(
            eq(schema.jobDeliveries.job, 'digest'),
            eq(schema.jobDeliveries.period, digestWeek(new Date())),
          ),
        ),
    run: runDigest,
  },
]

/**
 * The real Node server (npm start's code) on `dbPath`, /上报 arriving at `perSecond` from the
 * liaisons, and each heavy command in turn run in the middle of it: how long the /上报
 * webhooks waited for their 200 while it ran. After each, every /上报 answered must be replied
 * to and stored once, or it goes in `broke`.
 */
export async function measureStalls(dbPath: string, options: StallOptions) {
  const server = await startServer({
    DATABASE_URL: `file:${dbPath}`,
    LARK_VERIFICATION_TOKEN: STALL_TOKEN,
    LARK_ENCRYPT_KEY: STALL_KEY,
  })
  const client = createClient({ url: `file:${dbPath}`, timeout: BUSY_TIMEOUT_MS })
  const db = drizzle(client, { schema })
  let died = false
  void server.exited.then(() => (died = true))
  const stalls: Stall[] = []
  const broke: string[] = []
  try {
    const liaisons = (await liaisonsOf(db)).map((p) => p.openId)
    const sender = {
      admin: (await peopleWithRole(db, 'admin'))[0]!.openId,
      leader: (await peopleWithRole(db, 'leader'))[0]!.openId,
    }
    const ctx: Context = {
      server,
      db,
      sender,
      timeoutMs: options.heavyTimeoutMs,
      alive: () => !died,
    }
    // Not measured: the server's first seconds under load (JIT, page cache), as on one that
    // has been up a while.
    const warm = startLoad(server.url, liaisons, options.perSecond)
    await new Promise((r) => setTimeout(r, options.windowMs))
    await warm.stop()
    const lost = await settled(db, [...warm.answered.keys()])
    if (lost) broke.push(`warm-up: ${lost}`)
    for (const heavy of HEAVY) {
      if (died) break
      await heavy.prepare?.(db)
      const { stall, answered } = await underLoad(ctx, liaisons, heavy, options)
      stalls.push(stall)
      const lost = await settled(db, answered)
      if (lost) broke.push(`${heavy.label}: ${lost}`)
    }
    if (died) broke.push(`the server died: ${server.output().trim().split('\n').at(-1)}`)
  } finally {
    client.close()
    await server.stop()
  }
  return { stalls, broke }
}

/** A second of load, the heavy command, and load until the window is over (a second at least). */
async function underLoad(ctx: Context, liaisons: string[], heavy: Heavy, options: StallOptions) {
  const load = startLoad(ctx.server.url, liaisons, options.perSecond)
  const started = performance.now()
  await new Promise((r) => setTimeout(r, 1000))
  let heavyMs: number | null = null
  let failed: string | null = null
  const t0 = performance.now()
  try {
    await heavy.run(ctx)
    heavyMs = performance.now() - t0
  } catch (err) {
    failed = (err as Error).message
  }
  const left = options.windowMs - (performance.now() - started)
  await new Promise((r) => setTimeout(r, Math.max(1000, left)))
  await load.stop()
  const times = [...load.answered.values()].sort((a, b) => a - b)
  const stall: Stall = {
    label: heavy.label,
    webhooks: times.length + load.errors.length,
    p99: percentile(times, 99),
    max: times.at(-1) ?? 0,
    overOneSecond: times.filter((t) => t > TARGETS.stallMs).length,
    errors: load.errors.length,
    errorKinds: kinds(load.errors),
    heavyMs,
    failed,
  }
  return { stall, answered: [...load.answered.keys()] }
}

function kinds(errors: string[]) {
  const counts = new Map<string, number>()
  for (const e of errors) counts.set(e, (counts.get(e) ?? 0) + 1)
  return [...counts].map(([e, n]) => `${e} (${n})`).join(', ')
}

/** The digest job as the schedule runs it, in the server, through the local console's route. */
async function runDigest({ server, timeoutMs }: Context) {
  const res = await fetch(`${server.url}/dev/api/jobs/digest`, {
    method: 'POST',
    signal: AbortSignal.timeout(timeoutMs),
  })
  if (!res.ok) throw new Error(`the digest job answered ${res.status}`)
}

/** Sends the command as a signed webhook and waits until it is replied to (and its file sent). */
async function runCommand(ctx: Context, from: string, text: string, file: boolean) {
  const body = chatMessage({ openId: from }, text, OFFICE_CHAT)
  const id = body.event.message.message_id
  const status = await postWebhook(ctx.server.url, body)
  if (status !== 200) throw new Error(`its webhook answered ${status}`)
  const deadline = performance.now() + ctx.timeoutMs
  while (!(await finished(ctx, id, file))) {
    if (performance.now() > deadline)
      throw new Error(`not finished after ${ctx.timeoutMs / 1000} s`)
    if (!ctx.alive()) throw new Error('the server died')
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
}

/** Replied to, and its file sent unless the reply said no (a red card). */
async function finished({ server, db }: Context, id: string, file: boolean) {
  const m = schema.inboundMessages
  const [row] = await db
    .select({ reply: m.reply })
    .from(m)
    .where(and(eq(m.messageId, id), isNotNull(m.repliedAt)))
  if (!row) return false
  const refused = (JSON.parse(row.reply!) as Card).header?.template === 'red'
  if (!file || refused) return true
  const files = (await (await fetch(`${server.url}/dev/outbox/files`)).json()) as Array<{
    uuid: string
  }>
  return files.some((f) => f.uuid === followUpUuid('f', id))
}

/** Waits until every answered /上报 has its reply; then each must be stored exactly once. */
async function settled(db: Db, ids: string[]): Promise<string | null> {
  const { inboundMessages: m, reports } = schema
  const deadline = performance.now() + REPLY_DEADLINE_MS
  const n = async (query: Promise<Array<{ n: number }>>) => (await query)[0]!.n
  const replied = () =>
    db
      .select({ n: count() })
      .from(m)
      .where(and(inArray(m.messageId, ids), isNotNull(m.repliedAt)))
  for (let got = await n(replied()); got < ids.length; got = await n(replied())) {
    if (performance.now() > deadline)
      return `${ids.length - got} of ${ids.length} /上报 never replied to`
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  const stored = await n(
    db.select({ n: count() }).from(reports).where(inArray(reports.messageId, ids)),
  )
  return stored === ids.length ? null : `${ids.length} /上报 answered, ${stored} reports stored`
}
