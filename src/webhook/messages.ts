import { AlreadyProcessed, UsageError } from '../errors'
import type { CommandContext } from '../../commands/define'
import type { Registry } from '../../commands/registry'
import {
  findMessage,
  isProcessed,
  markProcessed,
  storeReceived,
} from '../../db/queries/inbound-messages'
import { loadActor } from '../../db/queries/people'
import type { Db } from '../../db/client'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { parseCommandLine, type CommandLine } from '../domain/command-line'
import { messageEvent, messageText, type MessageEvent } from '../lark/events'
import { dispatch, usageErrorCard } from './dispatch'
import { isAnswered, sendReply, SWEEP_AFTER_MS } from './reply'

export type Defer = (work: Promise<unknown>) => void
type Work = Parameters<CommandContext['afterCommit']>[0]

/**
 * Exactly once from at-least-once: the message_id primary key is the guard. The received
 * message is stored before Lark gets its 200 (so a 5xx makes Lark deliver again); the command
 * runs after the answer, in its own transaction that also marks the message processed, so a
 * redelivery or the sweep can finish what a dead process left, and nothing runs twice.
 * KV only short-cuts deliveries already answered.
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
  const text = messageText(message.message_type, message.content)
  if (text === null) return
  if (await isAnswered(deps, message.message_id)) return

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

/** A stored message, as the command needs it. */
type Stored = { messageId: string; text: string; event: MessageEvent }

/** Runs the stored command once, replies, then starts what the command asked to do after. */
async function processMessage(deps: Deps, commands: Registry, stored: Stored) {
  const done = await runOnce(deps, commands, stored)
  if (!done) return
  const to = {
    messageId: stored.messageId,
    chatId: stored.event.message.chat_id,
    text: stored.text,
  }
  if ((await sendReply(deps, to, done.reply)) !== 'sent') return
  // Follow-ups start once the answer is out, so files and extra cards land below it.
  for (const work of done.later) await work(deps)
}

/** A redelivery, or the sweep: finish whatever a previous attempt left undone. */
export async function resumeMessage(deps: Deps, commands: Registry, messageId: string) {
  const row = await findMessage(deps.database.db, messageId)
  if (!row || row.pendingAt === null) return
  if (!row.processedAt) {
    const event = messageEvent.parse(JSON.parse(row.event))
    return processMessage(deps, commands, { messageId, text: row.text, event })
  }
  if (row.reply) await sendReply(deps, row, JSON.parse(row.reply) as Card)
}

async function runOnce(deps: Deps, commands: Registry, stored: Stored) {
  const later: Work[] = []
  // Marking the message processed is the guard: if another attempt got there first, nothing
  // matches and this attempt's writes are rolled back. Commands only write to the database and
  // queue work for after the commit, so a run that is rolled back leaves nothing behind.
  const mark = { messageId: stored.messageId }
  const run = async (fn: (tx: Db) => Promise<Card>) => {
    try {
      return await deps.database.write(
        async (tx) => {
          const reply = await fn(tx)
          const at = deps.clock()
          if (!(await markProcessed(tx, { ...mark, reply: JSON.stringify(reply), at }))) {
            throw new AlreadyProcessed()
          }
          return reply
        },
        { background: true },
      )
    } catch (err) {
      if (err instanceof AlreadyProcessed) return null
      throw err
    }
  }
  // Read before the transaction: the first one in a process asks Lark who the bot is.
  const line = commandLine(stored, await deps.lark.botOpenId(), deps.config.lark.botName)
  try {
    const reply = await run((tx) =>
      runCommand(deps, commands, stored, line, tx, (work) => later.push(work)),
    )
    return reply && { reply, later }
  } catch (err) {
    if (err instanceof UsageError) {
      // The command's writes are rolled back; what is kept is that this message was answered.
      const reply = await run(async () => usageErrorCard(err))
      return reply && { reply, later: [] }
    }
    // What the first attempt stored (its report, say) can fail a second one before the guard.
    if (await isProcessed(deps.database.db, stored.messageId)) return null
    throw err
  }
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
  afterCommit: CommandContext['afterCommit'],
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
    now: sentAt(message.create_time, deps.clock()),
    afterCommit,
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
