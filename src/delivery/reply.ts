import { giveUp, markReplied } from '../../db/queries/inbound-messages'
import { keepSentCard } from '../../db/queries/sent-cards'
import type { Card } from '../../templates/card'
import { replyLateCard, replyRefusedCard } from '../../templates/bot-notices'
import type { Deps } from '../deps'
import { deliverToOffice } from './deliver'
import { REPLY_LATE, REPLY_REFUSED, UUID_WINDOW_MS } from './office-notices'
import { refusalReason, refusedForGood, type Sent } from '../lark/outbound'

/** Messages younger than this are still in the hands of the request that stored them. */
export const SWEEP_AFTER_MS = 60_000

/** Lark drops a repeated send with the same uuid within an hour (≤ 50 chars). */
export const replyUuid = (messageId: string) => `re-${messageId}`.slice(0, 50)

/**
 * A reply card with buttons is kept under the message it answers, so that a decision taken
 * elsewhere (a /撤销 typed later) can update it.
 */
export const replyCopies = (messageId: string) => ({ kind: 'reply', subject: messageId })

/** `privateTo`: the sender, when the reply is for them alone in a group. */
export type ReplyTo = { messageId: string; chatId: string; text: string; privateTo: string | null }

/**
 * Replies with the stored card, unless `firstTriedAt` (when it was first sent) is an hour
 * gone: Lark no longer knows the uuid and could show it twice, so the office is told instead.
 * Sent: the message is finished. Refused for good (the bot left
 * the chat, the message was recalled): the message is given up on, and the office hears it
 * once per chat. Otherwise it stays pending for the sweep.
 */
export async function sendReply(
  deps: Deps,
  to: ReplyTo,
  reply: Card,
  firstTriedAt?: Date,
): Promise<Sent> {
  if (firstTriedAt && deps.clock().getTime() - firstTriedAt.getTime() >= UUID_WINDOW_MS) {
    await deps.database.write((tx) => giveUp(tx, to.messageId, LATE_REPLY))
    await deliverToOffice(deps, REPLY_LATE, to.messageId, replyLateCard(to.chatId, to.text))
    return 'refused'
  }
  let kept: string | undefined
  const keep = hasButtons(reply) ? (id: string) => void (kept = id) : undefined
  const sent = to.privateTo
    ? await sendPrivately(deps, to, to.privateTo, reply)
    : await deps.lark.reply(to.messageId, reply, replyUuid(to.messageId), to.chatId, keep)
  if (sent === 'sent') {
    const card = kept && {
      ...replyCopies(to.messageId),
      messageId: kept,
      chat: `chat_id:${to.chatId}`,
    }
    // Queued together, the two join one commit.
    await Promise.all([
      markReplied(deps.database, { messageId: to.messageId, at: deps.clock() }),
      card && keepSentCard(deps.database, { ...card, sentAt: deps.clock() }),
    ])
  } else if (refusedForGood(sent)) {
    await deps.database.write((tx) => giveUp(tx, to.messageId, refusalReason(sent, 'the reply')))
    await deliverToOffice(deps, REPLY_REFUSED, to.chatId, replyRefusedCard(to.chatId, to.text))
  }
  return sent
}

const hasButtons = (card: Card) => JSON.stringify(card).includes('"type":"callback"')

/**
 * A card for one person in a group: 仅对你可见 in `chatId`, or, if Lark will not show it there
 * (a topic group, the API refused), a private message instead, sent once per `uuid`. For what
 * the person just asked for (a form); a refusal goes by sendPrivately.
 */
export async function showOnlyTo(
  deps: Deps,
  chatId: string,
  openId: string,
  card: Card,
  uuid: string,
): Promise<Sent> {
  const shown = await deps.lark.sendEphemeral(chatId, openId, card)
  if (shown === 'sent') return shown
  return deps.lark.send({ type: 'open_id', id: openId }, card, uuid)
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

const LATE_REPLY = 'not replied within the hour Lark de-duplicates by uuid; not tried again'
