import {
  claimDeliveries,
  markDelivered,
  type DeliveryKey,
  type DeliveryRun,
} from '../../db/queries/job-deliveries'
import { peopleWithRole } from '../../db/queries/people'
import type { Db } from '../../db/client'
import type { Card } from '../../templates/card'
import type { Config } from '../config'
import type { Deps } from '../deps'
import { recipientKey, type Recipient } from '../lark/outbound'

export type Delivery = { to: Recipient; card: Card }
export type DeliverOptions = { concurrency?: number }

// Sends overlap so one rate-limit pause does not stall the whole fan-out; the Lark adapter
// keeps the rate under Lark's limits (src/lark/limits.ts).
const CONCURRENCY = 8
const LOCK_TTL_SEC = 15 * 60
const PASSES = 2

/** The office: bootstrap admins from configuration and everyone given the admin role. */
export async function officeRecipients(db: Db, config: Config): Promise<Recipient[]> {
  const admins = (await peopleWithRole(db, 'admin')).map((p) => p.openId)
  return [...new Set([...config.adminOpenIds, ...admins])].map((id) => ({ type: 'open_id', id }))
}

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

/** Sends in a few passes: what Lark refused (e.g. still rate-limited) is tried once more. */
async function sendAll(
  deps: Deps,
  run: DeliveryRun,
  todo: Delivery[],
  options: DeliverOptions,
): Promise<number> {
  let sent = 0
  for (let pass = 0; pass < PASSES && todo.length > 0; pass++) {
    const failed = await sendPass(deps, run, todo, options.concurrency ?? CONCURRENCY)
    sent += todo.length - failed.length
    todo = failed
  }
  return sent
}

async function sendPass(
  deps: Deps,
  run: DeliveryRun,
  todo: Delivery[],
  concurrency: number,
): Promise<Delivery[]> {
  const failed: Delivery[] = []
  let next = 0
  const worker = async () => {
    while (next < todo.length) {
      const delivery = todo[next++]!
      const key = { ...run, recipient: recipientKey(delivery.to) }
      if ((await deps.lark.send(delivery.to, delivery.card, deliveryUuid(key))) !== 'sent') {
        failed.push(delivery)
        continue
      }
      await deps.database.write((tx) => markDelivered(tx, key, deps.clock()))
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
