import { personNames } from '../../db/queries/people'
import { evidenceOf } from '../../db/queries/rectification-evidence'
import { findRectification, historyOf } from '../../db/queries/rectifications'
import { rectificationReviewCard } from '../../templates/rectification-forms'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { shanghaiDate } from '../domain/week'
import { deliverToOffice } from '../delivery/deliver'

export const REVIEW_JOB = 'rectification-review'
/** A request's review cards, one per admin: the delivery's period, and how its copies are kept. */
export const reviewCopies = (code: string, requestId: number) => ({
  kind: REVIEW_JOB,
  subject: `${code}#${requestId}`,
})

/**
 * Asks the office to approve a liaison's 销号 request: once per request and admin, whoever
 * triggers it (the request itself, a redelivery, a later sweep).
 */
export async function sendReviewRequest(deps: Deps, rectificationId: number, requestId: number) {
  const review = await reviewRequest(deps, rectificationId, requestId)
  if (!review) return 0
  return (await deliverToOffice(deps, REVIEW_JOB, review.period, review.card)).sent
}

/** The request's card and its delivery period, or null once the item no longer waits on it. */
export async function reviewRequest(
  deps: Deps,
  rectificationId: number,
  requestId: number,
): Promise<{ period: string; card: Card } | null> {
  const db = deps.database.db
  const item = await findRectification(db, { id: rectificationId })
  const request = (await historyOf(db, rectificationId)).find((r) => r.id === requestId)
  if (!item || !request || item.status !== 'pending') return null
  const card = rectificationReviewCard({
    item,
    requestId,
    note: request.note ?? '',
    evidence: await evidenceOf(db, rectificationId),
    nameOf: await personNames(db),
    today: shanghaiDate(deps.clock()),
  })
  return { period: reviewCopies(item.code, requestId).subject, card }
}
