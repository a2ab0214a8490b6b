import { giveUp, markReplied } from '../../db/queries/inbound-messages'
import type { Card } from '../../templates/card'
import { replyRefusedCard } from '../../templates/bot-notices'
import type { Deps } from '../deps'
import { deliverOnce, officeRecipients } from './deliver'
import { refusedForGood, type Sent } from '../lark/outbound'

/** Messages younger than this are still in the hands of the request that stored them. */
export const SWEEP_AFTER_MS = 60_000

/** Lark drops a repeated send with the same uuid within an hour (≤ 50 chars). */
export const replyUuid = (messageId: string) => `re-${messageId}`.slice(0, 50)

/** `privateTo`: the sender, when the reply is for them alone in a group. */
export type ReplyTo = { messageId: string; chatId: string; text: string; privateTo: string | null }

/**
 * Replies with the stored card. Sent: the message is finished. Refused for good (the bot left
 * the chat, the message was recalled): the message is given up on, and the office hears it
 * once per chat. Otherwise it stays pending for the sweep.
 */
export async function sendReply(deps: Deps, to: ReplyTo, reply: Card): Promise<Sent> {
  const sent = to.privateTo
    ? await sendPrivately(deps, to, to.privateTo, reply)
    : await deps.lark.reply(to.messageId, reply, replyUuid(to.messageId), to.chatId)
  if (sent === 'sent') {
    await markReplied(deps.database, { messageId: to.messageId, at: deps.clock() })
  } else if (refusedForGood(sent)) {
    await deps.database.write((tx) => giveUp(tx, to.messageId, 'Lark refused the reply'))
    await tellOffice(deps, to)
  }
  return sent
}

/**
 * A refusal for one person in a group ("nothing was recorded"): a private message, which
 * notifies and stays, never only 仅对你可见 (shown only on a client online at that moment).
 * When Lark will not take a private message (outside 可用范围, stopped the bot), the reply goes
 * to the group where they typed. The two uuids differ: the first may have been refused.
 */
async function sendPrivately(deps: Deps, to: ReplyTo, openId: string, card: Card): Promise<Sent> {
  const sent = await deps.lark.send({ type: 'open_id', id: openId }, card, replyUuid(to.messageId))
  if (!refusedForGood(sent)) return sent
  return deps.lark.reply(to.messageId, card, replyUuid(`g-${to.messageId}`), to.chatId)
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
