import { liaisonsOf } from '../../db/queries/people'
import { findRectification, historyOf } from '../../db/queries/rectifications'
import { CHAT_SETTINGS, getSetting } from '../../db/queries/settings'
import type { Db } from '../../db/client'
import { decisionNoticeCard, newItemNoticeCard } from '../../templates/rectification-notices'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { shanghaiDate } from '../domain/week'
import type { Recipient } from '../lark/outbound'
import { deliverOnce } from '../delivery/deliver'

/**
 * How one message reaches a unit's liaisons: in the liaisons' group with each of them
 * @mentioned, or privately. `say` is how a command is typed there (in a group, after the @).
 */
export type Audience = { to: Recipient; mentions: string[]; say: string; botName: string }

/**
 * A unit's liaisons, by unit: @mentioned in the liaisons' group when one is set, else (or when
 * what they are told concerns nobody else) each privately. A unit with no liaison is left out.
 */
export async function liaisonAudiences(
  db: Db,
  unitIds: number[],
  botName: string,
  opts: { privately?: boolean } = {},
): Promise<Map<number, Audience[]>> {
  const [group, liaisons] = await Promise.all([
    opts.privately ? undefined : getSetting(db, CHAT_SETTINGS.liaisons),
    liaisonsOf(db, unitIds),
  ])
  const byUnit = new Map<number, Audience[]>()
  for (const unitId of new Set(unitIds)) {
    const ids = liaisons.filter((p) => p.unitId === unitId).map((p) => p.openId)
    if (ids.length === 0) continue
    const audiences: Audience[] = group
      ? [{ to: { type: 'chat_id', id: group }, mentions: ids, say: `@${botName} `, botName }]
      : ids.map((id) => ({ to: { type: 'open_id', id }, mentions: [], say: '', botName }))
    byUnit.set(unitId, audiences)
  }
  return byUnit
}

/** Sends a unit's liaisons one card, at most once per (job, period). */
async function tellUnit(
  deps: Deps,
  run: { job: string; period: string; unitId: number },
  cardFor: (audience: Audience) => Card,
  opts: { privately?: boolean } = {},
) {
  const db = deps.database.db
  const audiences = await liaisonAudiences(db, [run.unitId], deps.config.lark.botName, opts)
  const deliveries = (audiences.get(run.unitId) ?? []).map((a) => ({ to: a.to, card: cardFor(a) }))
  if (deliveries.length === 0) return 0
  return (await deliverOnce(deps, run.job, run.period, deliveries)).sent
}

/** A new item reaches its unit's liaisons once, unless the office chose not to tell them. */
export async function sendNewItemNotice(deps: Deps, rectificationId: number) {
  const item = await findRectification(deps.database.db, { id: rectificationId })
  if (!item?.notifyLiaisons) return 0
  const today = shanghaiDate(deps.clock())
  const run = { job: 'ledger-new', period: item.code, unitId: item.unitId }
  return tellUnit(deps, run, (audience) => newItemNoticeCard({ item, today, audience }))
}

/**
 * The office's answer to a 销号 request (history row `decisionId`) reaches the unit's liaisons
 * privately: a 退回 and its reason are the unit's business, not the whole liaisons' group's.
 */
export async function sendDecisionNotice(deps: Deps, rectificationId: number, decisionId: number) {
  const db = deps.database.db
  const item = await findRectification(db, { id: rectificationId })
  const decision = (await historyOf(db, rectificationId)).find((r) => r.id === decisionId)
  if (!item || !decision) return 0
  const today = shanghaiDate(deps.clock())
  const run = { job: 'ledger-decision', period: `${item.code}#${decisionId}`, unitId: item.unitId }
  const cardFor = (audience: Audience) => decisionNoticeCard({ item, decision, today, audience })
  return tellUnit(deps, run, cardFor, { privately: true })
}
