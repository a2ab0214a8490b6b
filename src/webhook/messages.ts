import { AlreadyProcessed, UsageError } from '../errors'
import type { CommandContext } from '../../commands/define'
import type { Registry } from '../../commands/registry'
import {
  findMessage,
  isProcessed,
  markProcessed,
  markReplied,
  storeReceived,
} from '../../db/queries/inbound-messages'
import { loadActor } from '../../db/queries/people'
import type { Db } from '../../db/client'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { parseCommandLine } from '../domain/command-line'
import { messageEvent, messageText, type MessageEvent } from '../lark/events'
import { dispatch, usageErrorCard } from './dispatch'

export type Defer = (work: Promise<unknown>) => void
type Work = Parameters<CommandContext['afterCommit']>[0]

const DONE_TTL_SEC = 7 * 24 * 3600

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
  if ((await deps.kv.get(doneKey(message.message_id))) !== null) return

  const row = {
    messageId: message.message_id,
    eventId,
    chatId: message.chat_id,
    senderOpenId: sender.sender_id.open_id,
    text,
    event: JSON.stringify(event),
    createdAt: deps.clock(),
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
  await sendReply(deps, stored.messageId, done.reply)
  // Follow-ups start once the answer is out, so files and extra cards land below it.
  for (const work of done.later) await work(deps)
}

/** A redelivery, or the sweep: finish whatever a previous attempt left undone. */
export async function resumeMessage(deps: Deps, commands: Registry, messageId: string) {
  const row = await findMessage(deps.database.db, messageId)
  if (!row) return
  if (!row.processedAt) {
    const event = messageEvent.parse(JSON.parse(row.event))
    return processMessage(deps, commands, { messageId, text: row.text, event })
  }
  if (row.reply && !row.repliedAt) await sendReply(deps, messageId, JSON.parse(row.reply) as Card)
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
  try {
    const reply = await run((tx) =>
      runCommand(deps, commands, stored, tx, (work) => later.push(work)),
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

async function runCommand(
  deps: Deps,
  commands: Registry,
  { text, event }: Stored,
  tx: Db,
  afterCommit: CommandContext['afterCommit'],
): Promise<Card> {
  const { message, sender } = event
  const line = parseCommandLine({
    text,
    mentions: (message.mentions ?? []).map((m) => ({
      key: m.key,
      openId: m.id.open_id ?? '',
      name: m.name,
    })),
  })
  const actor = await loadActor(tx, sender.sender_id.open_id, deps.config.adminOpenIds)
  return dispatch(commands, line, {
    db: tx,
    config: deps.config,
    actor,
    sender: { openId: sender.sender_id.open_id, name: '' },
    chat: { id: message.chat_id, type: message.chat_type === 'p2p' ? 'p2p' : 'group' },
    messageId: message.message_id,
    mentions: line?.mentions ?? [],
    now: deps.clock(),
    afterCommit,
  })
}

async function sendReply(deps: Deps, messageId: string, reply: Card) {
  if ((await deps.lark.reply(messageId, reply, replyUuid(messageId))) !== 'sent') return
  await markReplied(deps.database, { messageId, at: deps.clock() })
  await deps.kv.set(doneKey(messageId), '1', { ttlSec: DONE_TTL_SEC })
}

const doneKey = (messageId: string) => `msg:done:${messageId}`

/** Lark drops a repeated send with the same uuid within an hour (≤ 50 chars). */
export const replyUuid = (messageId: string) => `re-${messageId}`.slice(0, 50)
