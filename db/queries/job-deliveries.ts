import { and, eq, isNotNull, isNull } from 'drizzle-orm'
import type { Db } from '../client'
import { jobDeliveries } from '../schema'

export type DeliveryRun = { job: string; period: string }
export type DeliveryKey = DeliveryRun & { recipient: string }

const ofRun = (run: DeliveryRun) =>
  and(eq(jobDeliveries.job, run.job), eq(jobDeliveries.period, run.period))

const matches = (key: DeliveryKey) => and(ofRun(key), eq(jobDeliveries.recipient, key.recipient))

/** Claims the recipients not claimed yet; returns every recipient still waiting to be sent. */
export async function claimDeliveries(
  db: Db,
  run: DeliveryRun,
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

/** Records that Lark took the delivery. */
export async function markDelivered(db: Db, key: DeliveryKey, at: Date) {
  await db
    .update(jobDeliveries)
    .set({ sentAt: at })
    .where(and(matches(key), isNull(jobDeliveries.sentAt)))
}

export async function findDelivery(db: Db, key: DeliveryKey) {
  const rows = await db.select().from(jobDeliveries).where(matches(key))
  return rows[0]
}

/** How many of a run's recipients were served, and how many are claimed but not yet sent. */
export async function deliveryCounts(db: Db, run: DeliveryRun) {
  const rows = await db.select().from(jobDeliveries).where(ofRun(run))
  const served = rows.filter((r) => r.sentAt !== null).length
  return { served, pending: rows.length - served }
}

/** The periods of a job that reached at least one recipient. */
export async function servedPeriods(db: Db, job: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ period: jobDeliveries.period })
    .from(jobDeliveries)
    .where(and(eq(jobDeliveries.job, job), isNotNull(jobDeliveries.sentAt)))
  return rows.map((r) => r.period)
}
