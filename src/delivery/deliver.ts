import { queueDeliveries, takeDeliveries, type Claim } from '../../db/queries/job-deliveries'
import { peopleWithRole } from '../../db/queries/people'
import type { Db } from '../../db/client'
import type { Card } from '../../templates/card'
import type { Config } from '../config'
import type { Deps } from '../deps'
import { recipientKey, type Recipient, type SentCopy } from '../lark/outbound'
import { backoff, sendsWithin, sendTaken } from './send-queued'
import { writeAlone } from '../../db/write-alone'

/** A card to send, or (to a SentCopy) the new content of a card sent before. */
export type Delivery = { to: Recipient | SentCopy; card: Card }
/** A delivery of some job's period: the daily alerts deliver several at once. */
export type RunDelivery = Delivery & { job: string; period: string }
export type DeliverOptions = {
  /** How many sends overlap. */
  concurrency?: number
  /**
   * The subrequests this fan-out may make; by default the invocation's budget less what a
   * webhook spends before it hands deliveries over (AFTER_WEBHOOK).
   */
  subrequests?: number
}
/** Sent now, and claimed but left for the sweep (or a rerun) to send. */
export type Delivered = { sent: number; pending: number }

const LOCK_TTL_SEC = 15 * 60
/** Around the slice: the KV lock (set, delete) and the claim; sendsWithin counts the rest. */
const FANOUT_COST = 3
/** What a webhook has made of its subrequests by the time it delivers (store, command, reply). */
const AFTER_WEBHOOK = 25

/** The office: bootstrap admins from configuration and everyone given the admin role. */
export async function officeRecipients(db: Db, config: Config): Promise<Recipient[]> {
  const admins = (await peopleWithRole(db, 'admin')).map((p) => p.openId)
  return [...new Set([...config.adminOpenIds, ...admins])].map((id) => ({ type: 'open_id', id }))
}

/** One card to the whole office (but `except`, whom it is about), once per (job, period, admin). */
export async function deliverToOffice(
  deps: Deps,
  job: string,
  period: string,
  card: Card,
  except?: string,
): Promise<Delivered> {
  const office = await officeRecipients(deps.database.db, deps.config)
  const to = office.filter((r) => r.id !== except)
  return deliverOnce(
    deps,
    job,
    period,
    to.map((r) => ({ to: r, card })),
  )
}

/** Sends each card at most once per (job, period, recipient): see deliverRuns. */
export function deliverOnce(
  deps: Deps,
  job: string,
  period: string,
  deliveries: Delivery[],
  options: DeliverOptions = {},
): Promise<Delivered> {
  const runs = deliveries.map((d) => ({ ...d, job, period }))
  return deliverRuns(deps, `${job}:${period}`, runs, options)
}

/**
 * Sends each card at most once per (job, period, recipient). Every delivery is claimed first,
 * card and all, in one statement; then as many as the budget allows are sent, and the rest
 * stay claimed for the sweep, which sends them on the next ticks with the same uuid. A claim a
 * run that died left unsent is sent again by a rerun or the sweep, and Lark drops a repeat
 * within the hour. The KV lock (`name`) only keeps two overlapping runs from working at once;
 * the rows are the guard.
 */
export async function deliverRuns(
  deps: Deps,
  name: string,
  deliveries: RunDelivery[],
  options: DeliverOptions = {},
): Promise<Delivered> {
  const lock = `lock:deliver:${name}`
  if (!(await tryLock(deps, lock))) {
    deps.log.info(`${name}: another run is delivering now; skipped`)
    return { sent: 0, pending: 0 }
  }
  try {
    const now = deps.clock()
    const waiting = await writeAlone(deps.database, (db) =>
      queueDeliveries(db, claims(deliveries), now),
    )
    const budget = options.subrequests ?? deps.subrequests - AFTER_WEBHOOK
    const ids = waiting.slice(0, sendsWithin(budget - FANOUT_COST)).map((w) => w.id)
    if (ids.length === 0) return { sent: 0, pending: waiting.length }
    const taken = await writeAlone(deps.database, (db) => takeDeliveries(db, ids, backoff(now)))
    const { sent, gaveUp } = await sendTaken(deps, taken, options.concurrency)
    const pending = waiting.length - sent - gaveUp
    if (pending > 0) deps.log.info(`${name}: sent ${sent}; ${pending} left for the sweep`)
    return { sent, pending }
  } finally {
    await deps.kv.del(lock).catch(() => undefined)
  }
}

/** One claim per (job, period, recipient): the first delivery named for it. */
function claims(deliveries: RunDelivery[]): Claim[] {
  const byKey = new Map<string, Claim>()
  for (const { job, period, to, card } of deliveries) {
    const claim = { job, period, recipient: recipientKey(to), card }
    const key = `${job}|${period}|${claim.recipient}`
    if (!byKey.has(key)) byKey.set(key, claim)
  }
  return [...byKey.values()]
}

/** KV down is no reason to skip a job: the rows still guard against double sends. */
async function tryLock(deps: Deps, key: string): Promise<boolean> {
  return deps.kv.set(key, '1', { nx: true, ttlSec: LOCK_TTL_SEC }).catch((err: unknown) => {
    deps.log.warn(`kv lock ${key} unavailable: ${String(err)}`)
    return true
  })
}
