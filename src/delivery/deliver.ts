import {
  dueDeliveries,
  queueDeliveries,
  takeDeliveries,
  type Claim,
  type Taken,
} from '../../db/queries/job-deliveries'
import { peopleWithRole, personNames } from '../../db/queries/people'
import type { Db } from '../../db/client'
import { lateDeliveriesCard, outsideScopeCard } from '../../templates/bot-notices'
import type { Card } from '../../templates/card'
import type { Config } from '../config'
import type { Deps } from '../deps'
import { recipientKey, type Recipient, type SentCopy } from '../lark/outbound'
import { displayNames } from './fallbacks'
import { LATE_NOTICE, OFFICE_NOTICES, OUTSIDE_SCOPE } from './office-notices'
import { backoff, recipientOf, sendsWithin, sendTaken, type SliceNotices } from './send-queued'
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
/** The sweep's read of which deliveries are due. */
const DUE_COST = 1

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
    const { sent, gaveUp } = await sendTaken(deps, taken, tellOffice, options.concurrency)
    const pending = waiting.length - sent - gaveUp
    if (pending > 0) deps.log.info(`${name}: sent ${sent}; ${pending} left for the sweep`)
    return { sent, pending }
  } finally {
    await deps.kv.del(lock).catch(() => undefined)
  }
}

/**
 * The sweep's share of deliveries: those claimed and due by `now`, the longest waiting first,
 * as many as `subrequests` allow (at most `max`). Returns how many were sent. With nothing due
 * it only reads.
 */
export async function sendDue(deps: Deps, now: Date, subrequests: number, max = Infinity) {
  const limit = Math.min(max, sendsWithin(subrequests - DUE_COST))
  if (limit === 0) return 0
  const ids = await dueDeliveries(deps.database.db, now, limit)
  if (ids.length === 0) return 0
  const taken = await writeAlone(deps.database, (db) =>
    takeDeliveries(db, ids, backoff(now), { dueOnly: true }),
  )
  return (await sendTaken(deps, taken, tellOffice)).sent
}

/** What the office hears after a slice of sends: whom to add to 可用范围, and who got nothing. */
async function tellOffice(deps: Deps, { late, outsideScope }: SliceNotices) {
  if (outsideScope.length > 0) {
    const names = await displayNames(deps.database.db, outsideScope)
    await tellOfficeOnce(deps, OUTSIDE_SCOPE, names, outsideScopeCard)
  }
  await tellOfficeLate(deps, late)
}

/** Tells every admin once per person (job_deliveries keeps it so, across restarts). */
export async function tellOfficeOnce(
  deps: Deps,
  job: string,
  names: Map<string, string>,
  notice: (openId: string, name: string) => Card,
) {
  for (const [openId, name] of names) {
    await deliverToOffice(deps, job, openId, notice(openId, name), openId)
  }
}

/**
 * Deliveries given up on for the uuid window: the office hears once per run which recipients
 * did not get it, unless what was late was itself a notice to the office.
 */
async function tellOfficeLate(deps: Deps, late: Taken[]) {
  const runs = new Map<string, Taken[]>()
  for (const d of late) {
    if (OFFICE_NOTICES.has(d.job)) continue
    const key = `${d.job}:${d.period}`
    runs.set(key, [...(runs.get(key) ?? []), d])
  }
  if (runs.size === 0) return
  const nameOf = await personNames(deps.database.db)
  const who = (key: string) => {
    const to = recipientOf(key)
    return to.type === 'open_id' ? nameOf(to.id) : `群 ${to.id}`
  }
  for (const [run, list] of runs) {
    const names = list.map((d) => who(d.recipient))
    const card = lateDeliveriesCard(list[0]!.job, list[0]!.period, names)
    await deliverToOffice(deps, LATE_NOTICE, run, card)
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
