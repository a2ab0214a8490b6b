import { liaisonsOf } from '../../db/queries/people'
import { dueBetween, pendingReviews, type RectificationItem } from '../../db/queries/rectifications'
import {
  dueSoonCard,
  overdueAlertCard,
  unitOverdueCard,
} from '../../templates/rectification-alerts'
import type { Deps } from '../deps'
import { addDays } from '../domain/dates'
import { shanghaiDate } from '../domain/week'
import type { Recipient } from '../lark/outbound'
import { deliverRuns, officeRecipients, type RunDelivery } from '../delivery/deliver'
import { liaisonAudiences } from './rectification-notices'
import { REVIEW_JOB, reviewRequest } from './rectification-review'

/** Liaisons hear about an item from this many days before its deadline. */
export const DUE_SOON_DAYS = 3
const FIRST_DAY = '0000-01-01'
/** What the job reads before its fan-out, besides two reads per review request waiting. */
const ALERT_READS = 7

/**
 * The daily ledger alerts. The office and the item's 牵头领导 hear once about each item that
 * passed its deadline (again only if it is extended and passes the new one), and its unit's
 * liaisons get their unit's overdue items in one card; each unit's liaisons hear once a day
 * about their items due within three days (both only of items the office has them told of); review requests that never reached the office are
 * sent. All of them are claimed together and sent as one fan-out, as far as the budget goes;
 * the sweep sends the rest. Nothing to say: nothing sent.
 */
export async function runOverdueJob(deps: Deps, now: Date): Promise<{ sent: number }> {
  const today = shanghaiDate(now)
  const office = await officeRecipients(deps.database.db, deps.config)
  const reviews = await pendingReviews(deps.database.db)
  const overdue = await dueBetween(deps.database.db, FIRST_DAY, addDays(today, -1))
  const deliveries = [
    ...overdueAlerts(overdue, office, today),
    ...(await unitOverdueAlerts(deps, overdue, today)),
    ...(await unitAlerts(deps, today)),
    ...(await reviewRequests(deps, office, reviews)),
  ]
  if (deliveries.length === 0) return { sent: 0 }
  const subrequests = deps.subrequests - ALERT_READS - 2 * reviews.length
  const delivered = await deliverRuns(deps, `alerts:${today}`, deliveries, { subrequests })
  return { sent: delivered.sent }
}

/**
 * A review card goes out after the liaison's request commits; if the process died in between,
 * this daily run sends it. The claims keep an admin from getting the same request twice.
 */
async function reviewRequests(
  deps: Deps,
  office: Recipient[],
  reviews: Array<{ id: number; requestId: number }>,
): Promise<RunDelivery[]> {
  const deliveries: RunDelivery[] = []
  for (const { id, requestId } of reviews) {
    const review = await reviewRequest(deps, id, requestId)
    if (!review) continue
    const { period, card } = review
    deliveries.push(...office.map((to) => ({ job: REVIEW_JOB, period, to, card })))
  }
  return deliveries
}

const alertPeriod = (item: RectificationItem) => `${item.code}@${item.deadline}`

/** Each item once past each deadline, to the office and to its 牵头领导 when known as a person. */
function overdueAlerts(overdue: RectificationItem[], office: Recipient[], today: string) {
  return overdue.flatMap((item): RunDelivery[] => {
    const card = overdueAlertCard(item, today)
    const leader: Recipient[] = item.leadLeaderOpenId
      ? [{ type: 'open_id', id: item.leadLeaderOpenId }]
      : []
    const period = alertPeriod(item)
    return [...office, ...leader].map((to) => ({ job: 'ledger-overdue', period, to, card }))
  })
}

/**
 * Each unit's overdue items in one card to its liaisons, when that list has changed: a unit
 * hears at most once a day, and again only when another of its items passes its deadline.
 */
async function unitOverdueAlerts(deps: Deps, overdue: RectificationItem[], today: string) {
  const byUnit = groupByUnit(overdue.filter((item) => item.notifyLiaisons))
  const audiences = await liaisonAudiences(
    deps.database.db,
    [...byUnit.keys()],
    deps.config.lark.botName,
  )
  return [...audiences].flatMap(([unitId, unitAudiences]): RunDelivery[] => {
    const items = byUnit.get(unitId)!
    const period = `${unitId}:${items.map(alertPeriod).join(',')}`
    return unitAudiences.map((audience) => ({
      job: 'ledger-overdue-unit',
      period,
      to: audience.to,
      card: unitOverdueCard({ unitName: items[0]!.unitName, items, today, audience }),
    }))
  })
}

function groupByUnit(items: RectificationItem[]) {
  const byUnit = new Map<number, RectificationItem[]>()
  for (const item of items) byUnit.set(item.unitId, [...(byUnit.get(item.unitId) ?? []), item])
  return byUnit
}

async function unitAlerts(deps: Deps, today: string): Promise<RunDelivery[]> {
  const due = await dueBetween(deps.database.db, today, addDays(today, DUE_SOON_DAYS))
  const byUnit = groupByUnit(due.filter((item) => item.notifyLiaisons))
  const liaisons = await liaisonsOf(deps.database.db, [...byUnit.keys()])
  return liaisons.map((person) => {
    const items = byUnit.get(person.unitId!)!
    return {
      job: 'ledger-due',
      period: today,
      to: { type: 'open_id', id: person.openId },
      card: dueSoonCard({
        unitName: items[0]!.unitName,
        items,
        today,
        botName: deps.config.lark.botName,
      }),
    }
  })
}
