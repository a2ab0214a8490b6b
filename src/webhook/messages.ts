import { and, eq, isNull } from 'drizzle-orm'
import { UsageError, type CommandContext } from '../../commands/define'
import { loadActor } from '../../db/queries/people'
import type { Db } from '../../db/client'
import { inboundMessages } from '../../db/schema'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { parseCommandLine } from '../domain/command-line'
import { messageEvent, messageText, type MessageEvent } from '../lark/events'
import { dispatch, usageErrorCard } from './dispatch'
import { markReplied } from './replied'

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
  const fresh = await deps.database.write(async (tx) => {
    const inserted = await tx
      .insert(inboundMessages)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: inboundMessages.messageId })
    return inserted.length === 1
  })
  defer(fresh ? processMessage(deps, row.messageId) : resumeMessage(deps, row.messageId))
}

/** Runs the stored command once, replies, then starts what the command asked to do after. */
export async function processMessage(deps: Deps, messageId: string) {
  const done = await runOnce(deps, messageId)
  if (!done) return
  await sendReply(deps, messageId, done.reply)
  // Follow-ups start once the answer is out, so files and extra cards land below it.
  for (const work of done.later) await work(deps)
}

/** A redelivery, or the sweep: finish whatever a previous attempt left undone. */
export async function resumeMessage(deps: Deps, messageId: string) {
  const [row] = await deps.database.db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId))
  if (!row) return
  if (!row.processedAt) return processMessage(deps, messageId)
  if (row.reply && !row.repliedAt) await sendReply(deps, messageId, JSON.parse(row.reply) as Card)
}

async function runOnce(deps: Deps, messageId: string) {
  const later: Work[] = []
  const processed = (reply: Card) => ({ reply: JSON.stringify(reply), processedAt: deps.clock() })
  const unprocessed = and(
    eq(inboundMessages.messageId, messageId),
    isNull(inboundMessages.processedAt),
  )
  try {
    return await deps.database.write(
      async (tx) => {
        const [row] = await tx.select().from(inboundMessages).where(unprocessed)
        if (!row) return null
        const event = messageEvent.parse(JSON.parse(row.event))
        const reply = await runCommand(deps, event, row.text, tx, (work) => later.push(work))
        await tx.update(inboundMessages).set(processed(reply)).where(unprocessed)
        return { reply, later }
      },
      { background: true },
    )
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    // The command's writes are rolled back; what is kept is that this message was answered.
    const reply = usageErrorCard(err)
    const stored = await deps.database.write(
      (tx) => tx.update(inboundMessages).set(processed(reply)).where(unprocessed).returning(),
      { background: true },
    )
    return stored.length === 1 ? { reply, later: [] } : null
  }
}

async function runCommand(
  deps: Deps,
  event: MessageEvent,
  text: string,
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
  return dispatch(deps.registry, line, {
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
  if (!(await deps.lark.reply(messageId, reply, replyUuid(messageId)))) return
  await markReplied(deps, messageId)
  await deps.kv.set(doneKey(messageId), '1', { ttlSec: DONE_TTL_SEC })
}

const doneKey = (messageId: string) => `msg:done:${messageId}`

/** Lark drops a repeated send with the same uuid within an hour (≤ 50 chars). */
export const replyUuid = (messageId: string) => `re-${messageId}`.slice(0, 50)
