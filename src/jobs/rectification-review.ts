import { findRectification, historyOf } from '../../db/queries/rectifications'
import { rectificationReviewCard } from '../../templates/rectification-forms'
import type { Deps } from '../deps'
import { shanghaiDate } from '../domain/week'
import { deliverOnce, officeRecipients } from './deliver'

/**
 * Asks the office to approve a liaison's 销号 request: once per request and admin, whoever
 * triggers it (the request itself, a redelivery, a later sweep).
 */
export async function sendReviewRequest(deps: Deps, rectificationId: number, requestId: number) {
  const db = deps.database.db
  const item = await findRectification(db, { id: rectificationId })
  const request = (await historyOf(db, rectificationId)).find((r) => r.id === requestId)
  if (!item || !request || item.status !== 'pending') return 0
  const card = rectificationReviewCard({
    item,
    requestId,
    note: request.note ?? '',
    today: shanghaiDate(deps.clock()),
  })
  const office = await officeRecipients(db, deps.config)
  return deliverOnce(
    deps,
    'rectification-review',
    `${item.code}#${requestId}`,
    office.map((to) => ({ to, card })),
  )
}
