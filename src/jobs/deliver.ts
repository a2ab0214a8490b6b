import { and, eq, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { jobDeliveries } from '../../db/schema'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import type { Recipient } from '../lark/outbound'
import { createPacer, type Pacer } from './pace'

export type Delivery = { to: Recipient; card: Card }
export type DeliveryKey = { job: string; period: string; recipient: string }
export type DeliverOptions = { pacer?: Pacer; concurrency?: number }

// Sends overlap so one 429 back-off does not stall the whole fan-out; the pacer sets the rate.
const CONCURRENCY = 8
const LOCK_TTL_SEC = 15 * 60
const PASSES = 2

export const recipientKey = (to: Recipient) => `${to.type}:${to.id}`

/**
 * Sends each card at most once per (job, period, recipient). Claim rows are written before
 * the sends and marked after each one; a claim left unsent by a run that died is sent again
 * with the same uuid, which Lark de-duplicates within the hour. The KV lock only keeps two
 * overlapping runs from working at once; the rows are the guard.
 * Returns how many were sent now (not counting those served by an earlier run).
 */
export async function deliverOnce(
  deps: Deps,
  job: string,
  period: string,
  deliveries: Delivery[],
  options: DeliverOptions = {},
): Promise<number> {
  const lock = `lock:deliver:${job}:${period}`
  if (!(await tryLock(deps, lock))) {
    deps.log.info(`${job} ${period}: another run is delivering now; skipped`)
    return 0
  }
  try {
    const byRecipient = new Map(deliveries.map((d) => [recipientKey(d.to), d]))
    const unsent = await deps.database.write((tx) =>
      claimDeliveries(tx, { job, period }, [...byRecipient.keys()], deps.clock()),
    )
    const todo = [...byRecipient.values()].filter((d) => unsent.has(recipientKey(d.to)))
    return await sendAll(deps, { job, period }, todo, options)
  } finally {
    await deps.kv.del(lock).catch(() => undefined)
  }
}

/** Claims the recipients not claimed yet; returns every recipient still waiting to be sent. */
export async function claimDeliveries(
  db: Db,
  run: { job: string; period: string },
  recipients: string[],
  now: Date,
): Promise<Set<string>> {
  if (recipients.length > 0) {
    const rows = recipients.map((recipient) => ({ ...run, recipient, claimedAt: now }))
    await db.insert(jobDeliveries).values(rows).onConflictDoNothing()
  }
  const waiting = await db
    .select({ recipient: jobDeliveries.recipient })
    .from(jobDeliveries)
    .where(and(ofRun(run), isNull(jobDeliveries.sentAt)))
  return new Set(waiting.map((r) => r.recipient))
}

export async function findDelivery(db: Db, key: DeliveryKey) {
  const rows = await db.select().from(jobDeliveries).where(matches(key))
  return rows[0]
}

/** How many of a run's recipients were served, and how many are claimed but not yet sent. */
export async function deliveryCounts(db: Db, run: { job: string; period: string }) {
  const rows = await db.select().from(jobDeliveries).where(ofRun(run))
  const served = rows.filter((r) => r.sentAt !== null).length
  return { served, pending: rows.length - served }
}

/** Sends in a few passes: what Lark refused (e.g. still rate-limited) is tried once more. */
async function sendAll(
  deps: Deps,
  run: { job: string; period: string },
  todo: Delivery[],
  options: DeliverOptions,
): Promise<number> {
  const pace = options.pacer ?? createPacer()
  let sent = 0
  for (let pass = 0; pass < PASSES && todo.length > 0; pass++) {
    const failed = await sendPass(deps, run, todo, pace, options.concurrency ?? CONCURRENCY)
    sent += todo.length - failed.length
    todo = failed
  }
  return sent
}

async function sendPass(
  deps: Deps,
  run: { job: string; period: string },
  todo: Delivery[],
  pace: Pacer,
  concurrency: number,
): Promise<Delivery[]> {
  const failed: Delivery[] = []
  let next = 0
  const worker = async () => {
    while (next < todo.length) {
      const delivery = todo[next++]!
      const key = { ...run, recipient: recipientKey(delivery.to) }
      await pace()
      if (!(await deps.lark.send(delivery.to, delivery.card, deliveryUuid(key)))) {
        failed.push(delivery)
        continue
      }
      await deps.database.write((tx) =>
        tx
          .update(jobDeliveries)
          .set({ sentAt: deps.clock() })
          .where(and(matches(key), isNull(jobDeliveries.sentAt))),
      )
    }
  }
  const workers = Math.min(concurrency, todo.length)
  const results = await Promise.allSettled(Array.from({ length: workers }, worker))
  const crashed = results.find((r) => r.status === 'rejected')
  if (crashed) throw crashed.reason
  return failed
}

/** KV down is no reason to skip a job: the rows still guard against double sends. */
async function tryLock(deps: Deps, key: string): Promise<boolean> {
  return deps.kv.set(key, '1', { nx: true, ttlSec: LOCK_TTL_SEC }).catch((err: unknown) => {
    deps.log.warn(`kv lock ${key} unavailable: ${String(err)}`)
    return true
  })
}

const ofRun = (run: { job: string; period: string }) =>
  and(eq(jobDeliveries.job, run.job), eq(jobDeliveries.period, run.period))

const matches = (key: DeliveryKey) => and(ofRun(key), eq(jobDeliveries.recipient, key.recipient))

/** ≤ 50 chars, stable for the same delivery. */
export function deliveryUuid(key: DeliveryKey): string {
  const text = `${key.job}|${key.period}|${key.recipient}`
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0
  }
  return `${key.job.slice(0, 12)}-${key.period.slice(0, 12)}-${h1.toString(36)}${h2.toString(36)}`
}
