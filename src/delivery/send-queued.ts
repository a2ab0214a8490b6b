import type { Db } from '../../db/client'
import {
  giveUpDeliveries,
  markDelivered,
  type DeliveryKey,
  type Taken,
} from '../../db/queries/job-deliveries'
import type { Backoff } from '../../db/queries/retry'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { refusalReason, refusedForGood, type Recipient, type SentCopy } from '../lark/outbound'
import { keepSentCards, type SentCard } from '../../db/queries/sent-cards'
import { sendInGroupInstead } from './fallbacks'
import { writeAlone } from '../../db/write-alone'
import { UUID_WINDOW_MS } from './office-notices'

/**
 * Subrequests one send costs on Workers: the call to Lark (the tenant token is kept in memory,
 * src/lark/sdk.ts). A call Lark rate-limits is tried again inside the adapter and costs more;
 * paced sends rarely are.
 */
const SEND_COST = 1
/**
 * What a slice of sends costs besides: the statement that takes it, the one that keeps the ids
 * of the cards sent and the one that marks them, one per kind of give-up (refused, past the uuid
 * hour), and a tenant token the isolate does not hold yet or that expired (reading KV, asking
 * Lark, storing it in KV).
 */
const SLICE_COST = 8
// Sends overlap so one rate-limit pause does not stall the whole slice; the Lark adapter keeps
// the rate under Lark's limits (src/lark/limits.ts).
const CONCURRENCY = 8
// After the n-th attempt the next one waits 1, 2, 4 … minutes, at most an hour, like messages.
const BACKOFF_BASE_MS = 60_000
const BACKOFF_MAX_MS = 3_600_000

export const backoff = (now: Date): Backoff => ({
  now,
  baseMs: BACKOFF_BASE_MS,
  maxMs: BACKOFF_MAX_MS,
})

/** How many sends fit in `subrequests` (all of them when the budget is Infinity). */
export const sendsWithin = (subrequests: number) =>
  Math.max(0, Math.floor((subrequests - SLICE_COST) / SEND_COST))

/** What the office hears of a slice: deliveries given up as late, people reached in a group. */
export type SliceNotices = { late: Taken[]; outsideScope: string[] }

/**
 * Sends deliveries already taken for an attempt; a delivery to a sent card's message updates
 * that card instead. Sent: marked so, and the message Lark made of each card kept (as the
 * delivery's job and period) so a decision can update it later. Someone outside 可用范围 is
 * @-ed in a group instead (./fallbacks). Refused for good (the bot left the chat): given up
 * on at once. Otherwise it waits for its next look, until an hour after it was claimed: past
 * Lark's uuid hour a retry could show it twice, so it is given up on, and a recipient Lark
 * never takes cannot hold the queue either. The outcomes are written once for the whole slice,
 * even when a send crashed; a process killed before that leaves them taken, and their next
 * attempt, minutes later, Lark drops by its uuid. Then `tell` hears what the office should.
 */
export async function sendTaken(
  deps: Deps,
  taken: Taken[],
  tell: (deps: Deps, notices: SliceNotices) => Promise<void>,
  concurrency = CONCURRENCY,
) {
  const outcomes: Outcomes = { sent: [], refused: [], late: [], kept: [], outsideScope: [] }
  const now = deps.clock().getTime()
  let next = 0
  const worker = async () => {
    while (next < taken.length) {
      const delivery = taken[next++]!
      // Tried before, and its uuid's hour may be over: Lark could show it twice.
      if (delivery.attempts > 1 && now - delivery.claimedAt.getTime() >= UUID_WINDOW_MS) {
        outcomes.late.push(delivery)
        continue
      }
      const card = JSON.parse(delivery.card) as Card
      const to = recipientOf(delivery.recipient)
      const keep = (messageId: string) =>
        outcomes.kept.push({
          messageId,
          kind: delivery.job,
          subject: delivery.period,
          chat: delivery.recipient,
          sentAt: deps.clock(),
        })
      const uuid = deliveryUuid(delivery)
      let sent =
        to.type === 'message_id'
          ? await deps.lark.updateCard(to.id, card)
          : await deps.lark.send(to, card, uuid, keep)
      if (typeof sent === 'object' && sent.refused === 'unavailable' && to.type === 'open_id') {
        outcomes.outsideScope.push(to.id)
        sent = (await sendInGroupInstead(deps, to.id, card, `${uuid}-g`)) ?? sent
      }
      if (sent === 'sent') outcomes.sent.push(delivery)
      else if (refusedForGood(sent))
        outcomes.refused.push({ ...delivery, reason: refusalReason(sent) })
    }
  }
  const workers = Math.min(concurrency, taken.length)
  const results = await Promise.allSettled(Array.from({ length: workers }, worker))
  await record(deps, outcomes)
  await tell(deps, { late: outcomes.late, outsideScope: [...new Set(outcomes.outsideScope)] })
  const crashed = results.find((r) => r.status === 'rejected')
  if (crashed) throw crashed.reason
  const gaveUp = outcomes.refused.length + outcomes.late.length
  return { sent: outcomes.sent.length, gaveUp }
}

type Outcomes = Record<'sent' | 'late', Taken[]> & {
  refused: Array<Taken & { reason: string }>
  kept: SentCard[]
  outsideScope: string[]
}

async function record(deps: Deps, outcomes: Outcomes) {
  const ids = (list: Taken[]) => list.map((d) => d.id)
  const write = (fn: (db: Db) => Promise<void>) => writeAlone(deps.database, fn)
  if (outcomes.sent.length > 0) {
    await write(async (db) => {
      await keepSentCards(db, outcomes.kept)
      await markDelivered(db, ids(outcomes.sent), deps.clock())
    })
  }
  // One statement per reason: refusals share a few codes, so a slice stays within its budget.
  const byReason = new Map<string, Taken[]>()
  for (const d of outcomes.refused) byReason.set(d.reason, [...(byReason.get(d.reason) ?? []), d])
  if (outcomes.late.length > 0) byReason.set(LATE, outcomes.late)
  for (const [failure, list] of byReason) {
    for (const d of list)
      deps.log.warn(`delivery ${d.job} ${d.period} → ${d.recipient}: ${failure}`)
    await write((db) => giveUpDeliveries(db, ids(list), failure))
  }
}

const LATE = 'not sent within the hour Lark de-duplicates by uuid; not tried again'

/** The inverse of recipientKey. */
export function recipientOf(key: string): Recipient | SentCopy {
  const colon = key.indexOf(':')
  const type = key.slice(0, colon) as (Recipient | SentCopy)['type']
  return { type, id: key.slice(colon + 1) } as Recipient | SentCopy
}

/** ≤ 50 chars, stable for the same delivery, so Lark drops a repeat within the hour. */
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
