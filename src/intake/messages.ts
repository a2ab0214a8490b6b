import type { ResultSet } from '@libsql/client'
import { UsageError } from '../errors'
import { findMessage, isProcessed, storeReceived } from '../../db/queries/inbound-messages'
import { loadActor } from '../../db/queries/people'
import type { Statement, Write } from '../../db/client'
import { markProcessed } from '../../db/queries/processing'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { parseCommandLine, type CommandLine } from '../domain/command-line'
import { messageAttachments, messageEvent, messageText, type MessageEvent } from '../lark/events'
import { dispatch, usageErrorCard } from './dispatch'
import type { Registry, Work } from '../handlers'
import { handlerContext, numberWrites, standInOf, type ContextBase } from './run'
import { sendReply, SWEEP_AFTER_MS, type ReplyTo } from '../delivery/reply'

export type Defer = (work: Promise<unknown>) => void

/**
 * Exactly once from at-least-once: the message_id primary key is the guard. The received
 * message is stored before Lark gets its 200 (so a 5xx makes Lark deliver again); the command
 * runs after the answer, and its writes commit in one batch with its reply and the mark that the
 * message was processed, so a redelivery or the sweep can finish what a dead process left, and
 * nothing runs twice.
 * Nothing but that one INSERT comes before the 200 (a redelivery of an answered message costs
 * the INSERT and one read; a KV short cut in front of it cost every webhook a round trip).
 */
export async function handleMessage(
  deps: Deps,
  commands: Registry,
  event: MessageEvent,
  eventId: string,
  defer: Defer,
) {
  const { message, sender } = event
  if (sender.sender_type !== 'user') return
  const text = messageText(message.message_type, message.content) ?? evidenceReply(message)
  if (text === null) return

  const createdAt = deps.clock()
  const row = {
    messageId: message.message_id,
    eventId,
    chatId: message.chat_id,
    senderOpenId: sender.sender_id.open_id,
    text,
    event: JSON.stringify(event),
    createdAt,
    // Until then the request that stored it is working on it; after that the sweep may.
    pendingAt: new Date(createdAt.getTime() + SWEEP_AFTER_MS),
  }
  const fresh = await storeReceived(deps.database, row)
  defer(
    fresh
      ? processMessage(deps, commands, { messageId: row.messageId, text, event })
      : resumeMessage(deps, commands, row.messageId),
  )
}

/**
 * An image or file sent in reply to a card is read as `/整改 佐证`: evidence for the item the
 * card is about. Any other message without text is not for the bot.
 */
function evidenceReply(message: MessageEvent['message']): string | null {
  const attached = messageAttachments(message.message_type, message.content).length > 0
  return attached && message.parent_id ? '/整改 佐证' : null
}

/** A stored message, as the command needs it. */
type Stored = { messageId: string; text: string; event: MessageEvent }

/** Runs the stored command once, replies, then starts what the command asked to do after. */
async function processMessage(deps: Deps, commands: Registry, stored: Stored) {
  const done = await runOnce(deps, commands, stored)
  if (!done) return
  const to = replyTo(stored, done.privately)
  if ((await sendReply(deps, to, done.reply)) !== 'sent') return
  // Follow-ups start once the answer is out, so files and extra cards land below it.
  for (const work of done.later) await work(deps)
}

/** A redelivery, or the sweep: finish whatever a previous attempt left undone. */
export async function resumeMessage(deps: Deps, commands: Registry, messageId: string) {
  const row = await findMessage(deps.database.db, messageId)
  if (!row || row.pendingAt === null) return
  const event = messageEvent.parse(JSON.parse(row.event))
  const stored = { messageId, text: row.text, event }
  if (!row.processedAt) return processMessage(deps, commands, stored)
  if (!row.reply) return
  // The reply was first tried when the message was processed; its uuid lasts an hour from then.
  await sendReply(deps, replyTo(stored, row.replyPrivately), JSON.parse(row.reply), row.processedAt)
}

/** Where the reply goes: to the chat, or in a group to the sender alone when it is theirs only. */
function replyTo({ messageId, text, event }: Stored, privately: boolean): ReplyTo {
  const { chat_id: chatId, chat_type: chatType } = event.message
  const group = chatType !== 'p2p'
  const sender = event.sender.sender_id.open_id
  return { messageId, chatId, text, privateTo: privately && group ? sender : null }
}

/**
 * Runs the command once and stores its reply. The command reads the database as it is and says
 * what it writes (Context.stage): the reply, the writes and the mark then commit together, as
 * one statement when nothing was staged and one batch otherwise, with the mark as the guard
 * that fails them if another attempt processed the message first. On Turso that is one round
 * trip, with no lock held while the command read.
 */
async function runOnce(deps: Deps, commands: Registry, stored: Stored): Promise<Done> {
  // The first message in a process asks Lark who the bot is.
  const line = commandLine(stored, await deps.lark.botOpenId(), deps.config.lark.botName)
  // While webhooks are arriving, their 200s go first (see Database.write).
  await deps.database.turn()
  const { ctx, effects } = handlerContext(await messageContext(deps, stored, line))
  let reply: Card
  try {
    reply = await dispatch(commands, line, ctx)
  } catch (err) {
    return refused(deps, stored, err)
  }
  const mark = markProcessed({
    messageId: stored.messageId,
    answer: JSON.stringify(reply),
    ...standInOf(effects),
    at: deps.clock(),
    privately: false,
  })
  const writes = [...numberWrites(effects), ...effects.staged]
  return finish(deps, stored.messageId, mark, effects.later, false, writes)
}

/** `privately`: the reply is for the sender only (a mistake of theirs, a refusal). */
type Done = { reply: Card; later: Work[]; privately: boolean } | null

/**
 * Commits the writes and then the mark, all or none; the reply as stored (its numbers filled
 * in), or null when another attempt marked the message first (the mark failed the batch).
 */
async function finish(
  deps: Deps,
  messageId: string,
  mark: Statement,
  later: Work[],
  privately: boolean,
  writes: Write[] = [],
): Promise<Done> {
  try {
    const results = await deps.database.batch([...writes, mark], { background: true })
    const row = (results.at(-1) as ResultSet).rows[0]
    return row ? { reply: JSON.parse(String(row.reply)) as Card, later, privately } : null
  } catch (err) {
    if (await isProcessed(deps.database.db, messageId)) return null
    throw err
  }
}

/**
 * A command that refused its input: nothing it staged is written, and what is kept is that
 * this message was answered. Anything else is a failure for the sweep to retry.
 */
async function refused(deps: Deps, stored: Stored, err: unknown): Promise<Done> {
  if (!(err instanceof UsageError)) throw err
  const card = usageErrorCard(err)
  const mark = markProcessed({
    messageId: stored.messageId,
    answer: JSON.stringify(card),
    standIn: '',
    sequence: '',
    at: deps.clock(),
    privately: true,
  })
  return finish(deps, stored.messageId, mark, [], true)
}

/** The command in the text, with the bot's own @ told apart wherever it stands. */
function commandLine({ text, event }: Stored, botOpenId: string | null, botName: string) {
  return parseCommandLine({
    text,
    mentions: (event.message.mentions ?? []).map((m) => ({
      key: m.key,
      openId: m.id.open_id ?? '',
      name: m.name,
      bot: m.mentioned_type === 'bot',
    })),
    botOpenId: botOpenId ?? undefined,
    botName,
  })
}

/** What the command is told of the message: who sent it, where, what it carries. */
async function messageContext(
  deps: Deps,
  { event }: Stored,
  line: CommandLine | null,
): Promise<ContextBase> {
  const { message, sender } = event
  const { db } = deps.database
  return {
    db,
    config: deps.config,
    actor: await loadActor(db, sender.sender_id.open_id, deps.config.adminOpenIds),
    sender: { openId: sender.sender_id.open_id, name: '' },
    chat: { id: message.chat_id, type: message.chat_type === 'p2p' ? 'p2p' : 'group' },
    messageId: message.message_id,
    mentions: line?.mentions ?? [],
    attachments: messageAttachments(message.message_type, message.content),
    repliesTo: [message.parent_id, message.root_id].flatMap((id) => id ?? []),
    form: {},
    now: sentAt(message.create_time, deps.clock()),
  }
}

/**
 * When the person sent it (Lark's create_time): a report redelivered or swept hours later
 * still counts in the week it was sent. A clock ahead of ours is not trusted past our now.
 */
function sentAt(createTime: string | undefined, now: Date): Date {
  const ms = Number(createTime)
  return Number.isFinite(ms) && ms > 0 && ms < now.getTime() ? new Date(ms) : now
}
