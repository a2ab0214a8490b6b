import { and, eq, isNull } from 'drizzle-orm'
import { jobDeliveries } from '../../db/schema'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import type { Recipient } from '../lark/outbound'

export type Delivery = { to: Recipient; card: Card }

/**
 * Sends each card at most once per (job, period, recipient). The claim row is written before
 * the send and marked after it; a claim left unsent by a run that died is sent again with the
 * same uuid, which Lark de-duplicates within the hour.
 * Returns how many were sent now (not counting those served by an earlier run).
 */
export async function deliverOnce(
  deps: Deps,
  job: string,
  period: string,
  deliveries: Delivery[],
): Promise<number> {
  let sent = 0
  for (const { to, card } of deliveries) {
    const recipient = `${to.type}:${to.id}`
    const key = { job, period, recipient }
    const claimed = await deps.database.write(async (tx) => {
      const existing = await tx.select().from(jobDeliveries).where(matches(key))
      if (existing[0]?.sentAt) return false
      if (!existing[0]) await tx.insert(jobDeliveries).values({ ...key, claimedAt: deps.clock() })
      return true
    })
    if (!claimed) continue
    if (!(await deps.lark.send(to, card, deliveryUuid(key)))) continue
    await deps.database.write((tx) =>
      tx
        .update(jobDeliveries)
        .set({ sentAt: deps.clock() })
        .where(and(matches(key), isNull(jobDeliveries.sentAt))),
    )
    sent++
  }
  return sent
}

const matches = (key: { job: string; period: string; recipient: string }) =>
  and(
    eq(jobDeliveries.job, key.job),
    eq(jobDeliveries.period, key.period),
    eq(jobDeliveries.recipient, key.recipient),
  )

/** ≤ 50 chars, stable for the same delivery. */
function deliveryUuid(key: { job: string; period: string; recipient: string }): string {
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
