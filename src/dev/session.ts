import { ConsoleInputError } from '../errors'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { signedRequest } from '../lark/crypto'
import type { Outbox, OutboxFile, OutboxItem } from '../local/outbox'
import { cardActionEvent, messageEvent } from '../lark/payloads'
import { chatById, loadRoster, privateChat, withMentions, type ConsoleChat } from './roster'

/** Posts a signed delivery to /lark/webhook and waits for the work it deferred. */
export type Deliver = (body: string, headers: Record<string, string>) => Promise<Response>

type Typed = { id: string; chatId: string; sender: string; text: string; at: string; mark: number }

export type ChatEntry =
  | { kind: 'user'; id: string; sender: string; text: string; at: string }
  | { kind: 'bot'; item: number; at: string; card: Card; updated: boolean; only?: true }
  | { kind: 'file'; key: string; name: string; at: string }

/**
 * The console's side of Lark: what people typed (Lark keeps that, the bot does not) and where
 * each outbox message landed. Everything the bot does goes through the real webhook.
 */
export function createConsoleSession(deps: Deps, outbox: Outbox, deliver: Deliver) {
  const typed: Typed[] = []
  const replaced = new Map<number, Card>()
  const { lark } = deps.config

  async function post(body: object) {
    const req = signedRequest(body, {
      encryptKey: lark.encryptKey,
      encrypt: lark.encryptKey !== undefined,
      timestampSec: Math.floor(deps.clock().getTime() / 1000),
    })
    return deliver(req.body, req.headers)
  }

  return {
    async say(sender: string, chatId: string, text: string) {
      const chat = chatFor(chatId)
      if (!text.trim()) throw new ConsoleInputError('消息不能为空')
      const roster = await loadRoster(deps.database.db, deps.config.adminOpenIds)
      const event = messageEvent({
        token: deps.config.lark.verificationToken,
        appId: deps.config.lark.appId,
        at: deps.clock(),
        sender: { openId: sender },
        chatId: chat.id,
        chatType: chat.type,
        ...withMentions(text, roster, chat, lark.botName),
      })
      const messageId = event.event.message.message_id
      const at = deps.clock().toISOString()
      typed.push({ id: messageId, chatId, sender, text, at, mark: outbox.items.length })
      const res = await post(event)
      return { status: res.status, messageId }
    },

    async click(operator: string, item: number, action: ClickAction) {
      const sent = outbox.items[item]
      if (!sent) throw new ConsoleInputError('找不到这张卡片')
      const event = cardActionEvent({
        token: deps.config.lark.verificationToken,
        appId: deps.config.lark.appId,
        at: deps.clock(),
        operator: { openId: operator },
        ...action,
        messageId: botMessageId(item),
        chatId: chatOf(sent) ?? '',
      })
      const res = await post(event)
      const body = (await res.json()) as { toast?: unknown; card?: { data?: Card } }
      if (body.card?.data) replaced.set(item, body.card.data)
      return { status: res.status, toast: body.toast ?? null, card: body.card?.data ?? null }
    },

    /** An uploaded file's name and bytes, to download from the chat. */
    file: (key: string) => outbox.uploads.get(key),

    /**
     * The chat as `viewer` sees it, oldest first: a card for one person (仅对你可见) shows only
     * to them.
     */
    conversation(chatId: string, viewer?: string): ChatEntry[] {
      const entries: ChatEntry[] = []
      const mine = typed.filter((t) => t.chatId === chatId)
      // Files the bot sent here (a /导出, a /报告 draft), after the card that announced them.
      const files = outbox.files.filter((f) => chatOf(f) === chatId)
      const flush = (upTo: number) => {
        while (mine[0] && mine[0].mark <= upTo) {
          const { id, sender, text, at } = mine.shift()!
          entries.push({ kind: 'user', id, sender, text, at })
        }
        while (files[0] && files[0].after <= upTo) {
          const { fileKey, name, at } = files.shift()!
          entries.push({ kind: 'file', key: fileKey, name, at })
        }
      }
      outbox.items.forEach((sent, item) => {
        flush(item)
        if (chatOf(sent) !== chatId) return
        if (sent.kind === 'ephemeral' && sent.to !== `open_id:${viewer}`) return
        const card = replaced.get(item) ?? sent.card
        const only = sent.kind === 'ephemeral' ? { only: true as const } : {}
        entries.push({ kind: 'bot', item, at: sent.at, card, updated: replaced.has(item), ...only })
      })
      flush(Infinity)
      return entries
    },
  }

  /** The chat a card or file landed in; an ephemeral card shows in its group, to one person. */
  function chatOf(sent: OutboxItem | OutboxFile): string | undefined {
    if ('kind' in sent && sent.kind === 'reply') return typed.find((t) => t.id === sent.to)?.chatId
    if ('chat' in sent && sent.chat) return sent.chat
    const [type, id] = sent.to.split(/:(.*)/, 2) as [string, string]
    return type === 'open_id' ? privateChat(id).id : id
  }
}

export type ClickAction = {
  value: Record<string, unknown>
  formValue?: Record<string, unknown>
  tag: string
}

export type ConsoleSession = ReturnType<typeof createConsoleSession>

const botMessageId = (item: number) => `om_console_bot_${item}`

function chatFor(chatId: string): ConsoleChat {
  const chat = chatById(chatId)
  if (!chat) throw new ConsoleInputError(`没有这个会话：${chatId}`)
  return chat
}
