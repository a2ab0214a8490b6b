import { liaisonsOf } from '../../db/queries/people'
import { dueBetween, pendingReviews, type RectificationItem } from '../../db/queries/rectifications'
import { dueSoonCard, overdueAlertCard } from '../../templates/rectification-alerts'
import type { Deps } from '../deps'
import { addDays } from '../domain/dates'
import { shanghaiDate } from '../domain/week'
import { deliverOnce, type Delivery, officeRecipients } from './deliver'
import { sendReviewRequest } from './rectification-review'

/** Liaisons hear about an item from this many days before its deadline. */
export const DUE_SOON_DAYS = 3
const FIRST_DAY = '0000-01-01'

/**
 * The daily ledger alerts. The office hears once about each item that passed its deadline
 * (again only if it is extended and passes the new one); each unit's liaisons hear once a day
 * about their items due within three days; review requests that never reached the office are
 * sent. Nothing to say: nothing sent.
 */
export async function runOverdueJob(deps: Deps, now: Date): Promise<{ sent: number }> {
  const today = shanghaiDate(now)
  const sent = (await tellOffice(deps, today)) + (await tellUnits(deps, today))
  return { sent: sent + (await resendReviews(deps)) }
}

/**
 * A review card goes out after the liaison's request commits; if the process died in between,
 * this daily sweep sends it. deliverOnce keeps an admin from getting the same request twice.
 */
async function resendReviews(deps: Deps) {
  let sent = 0
  for (const { id, requestId } of await pendingReviews(deps.database.db)) {
    sent += await sendReviewRequest(deps, id, requestId)
  }
  return sent
}

async function tellOffice(deps: Deps, today: string) {
  const overdue = await dueBetween(deps.database.db, FIRST_DAY, addDays(today, -1))
  if (overdue.length === 0) return 0
  const office = await officeRecipients(deps.database.db, deps.config)
  let sent = 0
  for (const item of overdue) {
    const card = overdueAlertCard(item, today)
    const period = `${item.code}@${item.deadline}`
    sent += await deliverOnce(
      deps,
      'ledger-overdue',
      period,
      office.map((to) => ({ to, card })),
    )
  }
  return sent
}

async function tellUnits(deps: Deps, today: string) {
  const due = await dueBetween(deps.database.db, today, addDays(today, DUE_SOON_DAYS))
  const byUnit = new Map<number, RectificationItem[]>()
  for (const item of due) byUnit.set(item.unitId, [...(byUnit.get(item.unitId) ?? []), item])
  const liaisons = await liaisonsOf(deps.database.db, [...byUnit.keys()])
  const deliveries: Delivery[] = liaisons.map((person) => {
    const items = byUnit.get(person.unitId!)!
    return {
      to: { type: 'open_id', id: person.openId },
      card: dueSoonCard(items[0]!.unitName, items, today),
    }
  })
  if (deliveries.length === 0) return 0
  return deliverOnce(deps, 'ledger-due', today, deliveries)
}
