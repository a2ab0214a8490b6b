import { copiesOf } from '../../db/queries/sent-cards'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { deliverOnce, type Delivered } from './deliver'

/** Lark updates a card for 14 days after sending (…/message-card/patch, else 230031). */
export const UPDATABLE_MS = 14 * 24 * 3600 * 1000

/** A card the bot sent, as its copies were kept: a queued delivery's job and period. */
export type SentAs = { kind: string; subject: string }

/**
 * Once a decision is committed, every copy of the card it decided shows `card`: no copy keeps
 * buttons that would decide again. The copy clicked (`except`) is left out, the click's answer
 * has replaced it. The updates are queued deliveries, once per decision and copy, so they are
 * retried, and a crash leaves them to the sweep; Lark applies a repeated update harmlessly.
 */
export async function updateCopies(
  deps: Deps,
  sent: SentAs,
  decision: string,
  card: Card,
  except?: string,
): Promise<Delivered> {
  const now = deps.clock().getTime()
  const copies = await copiesOf(deps.database.db, sent.kind, sent.subject)
  const deliveries = copies
    .filter((c) => c.messageId !== except && now - c.sentAt.getTime() < UPDATABLE_MS)
    .map((c) => ({ to: { type: 'message_id' as const, id: c.messageId }, card }))
  return deliverOnce(deps, `update:${sent.kind}`, `${sent.subject}|${decision}`, deliveries)
}
