import { giveUp, markReplied } from '../../db/queries/inbound-messages'
import type { Card } from '../../templates/card'
import { replyRefusedCard } from '../../templates/bot-notices'
import type { Deps } from '../deps'
import { deliverOnce, officeRecipients } from '../jobs/deliver'
import type { Sent } from '../lark/outbound'

/** Messages younger than this are still in the hands of the request that stored them. */
export const SWEEP_AFTER_MS = 60_000

const DONE_TTL_SEC = 7 * 24 * 3600
const doneKey = (messageId: string) => `msg:done:${messageId}`

/** Lark drops a repeated send with the same uuid within an hour (≤ 50 chars). */
export const replyUuid = (messageId: string) => `re-${messageId}`.slice(0, 50)

/**
 * The short cut for a redelivery of an answered message. KV down or slow is a miss, never a
 * reason to refuse the webhook: the database's primary key is the guard.
 */
export async function isAnswered(deps: Deps, messageId: string): Promise<boolean> {
  return deps.kv.get(doneKey(messageId)).then(
    (v) => v !== null,
    (err: unknown) => {
      deps.log.warn(`kv unavailable, checking the database instead: ${String(err)}`)
      return false
    },
  )
}

export type ReplyTo = { messageId: string; chatId: string; text: string }

/**
 * Replies with the stored card. Sent: the message is finished. Refused for good (the bot left
 * the chat, the message was recalled): the message is given up on, and the office hears it
 * once per chat. Otherwise it stays pending for the sweep.
 */
export async function sendReply(deps: Deps, to: ReplyTo, reply: Card): Promise<Sent> {
  const sent = await deps.lark.reply(to.messageId, reply, replyUuid(to.messageId), to.chatId)
  if (sent === 'sent') {
    await markReplied(deps.database, { messageId: to.messageId, at: deps.clock() })
    await deps.kv
      .set(doneKey(to.messageId), '1', { ttlSec: DONE_TTL_SEC })
      .catch((err: unknown) => deps.log.warn(`kv unavailable: ${String(err)}`))
  } else if (sent === 'refused') {
    await deps.database.write((tx) => giveUp(tx, to.messageId, 'Lark refused the reply'))
    await tellOffice(deps, to)
  }
  return sent
}

async function tellOffice(deps: Deps, to: ReplyTo) {
  const office = await officeRecipients(deps.database.db, deps.config)
  const card = replyRefusedCard(to.chatId, to.text)
  await deliverOnce(
    deps,
    'reply-refused',
    to.chatId,
    office.map((r) => ({ to: r, card })),
  )
}
