import { AlreadyProcessed, UsageError, WriteAttempted } from '../errors'
import type { CommandContext } from '../../commands/define'
import type { Registry } from '../../commands/registry'
import {
  findMessage,
  isProcessed,
  markProcessed,
  storeReceived,
} from '../../db/queries/inbound-messages'
import { loadActor } from '../../db/queries/people'
import { readOnly, type Db, type Write } from '../../db/client'
import { processed, unlessProcessed } from '../../db/queries/processing'
import { reserveReportId } from '../../db/queries/reports'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { parseCommandLine, type CommandLine } from '../domain/command-line'
import { messageAttachments, messageEvent, messageText, type MessageEvent } from '../lark/events'
import { dispatch, usageErrorCard } from './dispatch'
import { sendReply, SWEEP_AFTER_MS, type ReplyTo } from './reply'

export type Defer = (work: Promise<unknown>) => void
type Work = Parameters<CommandContext['afterCommit']>[0]

/**
 * Exactly once from at-least-once: the message_id primary key is the guard. The received
 * message is stored before Lark gets its 200 (so a 5xx makes Lark deliver again); the command
 * runs after the answer, in its own transaction that also marks the message processed, so a
 * redelivery or the sweep can finish what a dead process left, and nothing runs twice.
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
  if (row.reply) await sendReply(deps, replyTo(stored, row.replyPrivately), JSON.parse(row.reply))
}

/** Where the reply goes: to the chat, or in a group to the sender alone when it is theirs only. */
function replyTo({ messageId, text, event }: Stored, privately: boolean): ReplyTo {
  const { chat_id: chatId, chat_type: chatType } = event.message
  const group = chatType !== 'p2p'
  const sender = event.sender.sender_id.open_id
  return { messageId, chatId, text, privateTo: privately && group ? sender : null }
}

/**
 * Runs the command once and stores its reply. A command runs first on the database as it is,
 * read-only, and says what it writes by staging it (CommandContext.stage): the reply, the
 * staged writes and the mark then commit together, as one statement when nothing was staged
 * and one batch otherwise: on Turso one round trip, with no lock held while the command read.
 * A command that writes directly is stopped at its first write and run again from the start
 * inside a transaction that also marks the message. Commands only write to the database and
 * queue work for after the commit, so the stopped run leaves nothing behind.
 */
async function runOnce(deps: Deps, commands: Registry, stored: Stored): Promise<Done> {
  // Read before any write: the first message in a process asks Lark who the bot is.
  const line = commandLine(stored, await deps.lark.botOpenId(), deps.config.lark.botName)
  let effects = noEffects()
  try {
    const db = readOnly(deps.database.db)
    const reply = await runCommand(deps, commands, stored, line, db, effects)
    return await commit(deps, stored, reply, effects)
  } catch (err) {
    if (!(err instanceof WriteAttempted)) return refused(deps, stored, err)
  }
  effects = noEffects()
  // Marking the message processed is the guard: if another attempt got there first, nothing
  // matches and this attempt's writes are rolled back.
  try {
    const reply = await deps.database.write(
      async (tx) => {
        const reply = await runCommand(deps, commands, stored, line, tx, effects)
        for (const write of effects.staged) await write(tx)
        if (!(await mark(deps, tx, stored, reply))) throw new AlreadyProcessed()
        return reply
      },
      { background: true },
    )
    return { reply, later: effects.later, privately: false }
  } catch (err) {
    if (err instanceof AlreadyProcessed) return null
    return refused(deps, stored, err)
  }
}

/** `privately`: the reply is for the sender only (a mistake of theirs, a refusal). */
type Done = { reply: Card; later: Work[]; privately: boolean } | null

/** What a run leaves for after it returns: writes to commit with its mark, work for after. */
type Effects = { staged: Write[]; later: Work[] }
const noEffects = (): Effects => ({ staged: [], later: [] })

/**
 * Commits a read-only run: its staged writes behind the guard that fails the batch if another
 * attempt processed the message first (the caller then finds it processed and stands down).
 */
async function commit(deps: Deps, stored: Stored, reply: Card, effects: Effects): Promise<Done> {
  if (effects.staged.length === 0) {
    return finish(deps, (db) => mark(deps, db, stored, reply), effects.later)
  }
  const { messageId } = stored
  const done = processed({ messageId, reply: JSON.stringify(reply), at: deps.clock() })
  await deps.database.batch([unlessProcessed(messageId), ...effects.staged, done], {
    background: true,
  })
  return { reply, later: effects.later, privately: false }
}

/** Stores the reply with a single-statement mark; null when another attempt got there first. */
async function finish(
  deps: Deps,
  marked: (db: Db) => Promise<Card | null>,
  later: Work[],
  privately = false,
): Promise<Done> {
  const reply = await deps.database.statement(marked, { background: true })
  return reply && { reply, later, privately }
}

/** Marks the message processed with its reply: the card, or null if it already was. */
async function mark(deps: Deps, db: Db, stored: Stored, reply: Card, privately = false) {
  const at = deps.clock()
  const marked = await markProcessed(db, {
    messageId: stored.messageId,
    reply: JSON.stringify(reply),
    at,
    privately,
  })
  return marked ? reply : null
}

/**
 * A command that refused its input: its writes (if any) are rolled back, and what is kept is
 * that this message was answered. Anything else is a failure for the sweep to retry, unless
 * what the first attempt stored (its report, say) failed this one before the guard.
 */
async function refused(deps: Deps, stored: Stored, err: unknown): Promise<Done> {
  if (err instanceof UsageError) {
    const card = usageErrorCard(err)
    return finish(deps, (db) => mark(deps, db, stored, card, true), [], true)
  }
  if (await isProcessed(deps.database.db, stored.messageId)) return null
  throw err
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

async function runCommand(
  deps: Deps,
  commands: Registry,
  { event }: Stored,
  line: CommandLine | null,
  tx: Db,
  effects: Effects,
): Promise<Card> {
  const { message, sender } = event
  const actor = await loadActor(tx, sender.sender_id.open_id, deps.config.adminOpenIds)
  return dispatch(commands, line, {
    db: tx,
    config: deps.config,
    actor,
    sender: { openId: sender.sender_id.open_id, name: '' },
    chat: { id: message.chat_id, type: message.chat_type === 'p2p' ? 'p2p' : 'group' },
    messageId: message.message_id,
    mentions: line?.mentions ?? [],
    attachments: messageAttachments(message.message_type, message.content),
    repliesTo: [message.parent_id, message.root_id].flatMap((id) => id ?? []),
    now: sentAt(message.create_time, deps.clock()),
    afterCommit: (work) => effects.later.push(work),
    stage: (...writes) => effects.staged.push(...writes),
    reserveId: () => deps.database.statement(reserveReportId, { background: true }),
  })
}

/**
 * When the person sent it (Lark's create_time): a report redelivered or swept hours later
 * still counts in the week it was sent. A clock ahead of ours is not trusted past our now.
 */
function sentAt(createTime: string | undefined, now: Date): Date {
  const ms = Number(createTime)
  return Number.isFinite(ms) && ms > 0 && ms < now.getTime() ? new Date(ms) : now
}
