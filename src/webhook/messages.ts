import { eq } from 'drizzle-orm'
import { UsageError, type CommandContext } from '../../commands/define'
import { loadActor } from '../../db/queries/people'
import type { Db } from '../../db/client'
import { inboundMessages } from '../../db/schema'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { parseCommandLine } from '../domain/command-line'
import { messageText, type MessageEvent } from '../lark/events'
import { dispatch, usageErrorCard } from './dispatch'
import { markReplied } from './replied'

export type Defer = (work: Promise<unknown>) => void

const DONE_TTL_SEC = 7 * 24 * 3600

/**
 * Exactly once from at-least-once: the message_id primary key is the guard, so the command's
 * effect and the stored reply commit together before Lark gets its 200. KV only short-cuts
 * deliveries already answered.
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
  }
  const later: Array<(deps: Deps) => Promise<unknown>> = []
  const outcome = await deps.database
    .write(async (tx) => {
      const inserted = await tx
        .insert(inboundMessages)
        .values(row)
        .onConflictDoNothing()
        .returning()
      if (inserted.length === 0) return { fresh: false as const }
      const reply = await runCommand(deps, event, text, tx, (work) => later.push(work))
      await tx
        .update(inboundMessages)
        .set({ reply: JSON.stringify(reply) })
        .where(eq(inboundMessages.messageId, row.messageId))
      return { fresh: true as const, reply }
    })
    .catch(async (err: unknown) => {
      if (!(err instanceof UsageError)) throw err
      later.length = 0
      // The command's writes are rolled back; what is kept is that this message was answered.
      const reply = usageErrorCard(err)
      await deps.database.write((tx) =>
        tx.insert(inboundMessages).values({ ...row, reply: JSON.stringify(reply) }),
      )
      return { fresh: true as const, reply }
    })

  const reply = outcome.fresh ? outcome.reply : await pendingReply(deps, row.messageId)
  const replied = reply ? sendReply(deps, row.messageId, reply) : Promise.resolve()
  defer(replied)
  // Follow-ups start once the answer is out, so files and extra cards land below it.
  const answered = replied.catch(() => undefined)
  for (const work of later) defer(answered.then(() => work(deps)))
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

/** A redelivery of a message whose reply never went out (the process died after commit). */
async function pendingReply(deps: Deps, messageId: string): Promise<Card | null> {
  const rows = await deps.database.db
    .select({ reply: inboundMessages.reply, repliedAt: inboundMessages.repliedAt })
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId))
  const row = rows[0]
  return row?.reply && !row.repliedAt ? (JSON.parse(row.reply) as Card) : null
}

async function sendReply(deps: Deps, messageId: string, reply: Card) {
  if (!(await deps.lark.reply(messageId, reply, replyUuid(messageId)))) return
  await markReplied(deps, messageId)
  await deps.kv.set(doneKey(messageId), '1', { ttlSec: DONE_TTL_SEC })
}

const doneKey = (messageId: string) => `msg:done:${messageId}`

/** Lark drops a repeated send with the same uuid within an hour (≤ 50 chars). */
export const replyUuid = (messageId: string) => `re-${messageId}`.slice(0, 50)
