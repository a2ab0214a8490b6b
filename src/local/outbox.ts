import { Hono } from 'hono'
import {
  recipientKey,
  type KeepId,
  type LarkApi,
  type Recipient,
  type Sent,
} from '../lark/outbound'
import type { Card } from '../../templates/card'

export type OutboxItem = {
  at: string
  kind: 'reply' | 'send' | 'ephemeral'
  to: string
  /** An ephemeral card's group: shown there, to `to` alone. */
  chat?: string
  uuid: string
  card: Card
  /** The message Lark would have made of it; a card update replaces `card` in place. */
  messageId: string
}

/** `after`: how many cards went out before it, to show it in its place in a chat. */
export type OutboxFile = {
  at: string
  to: string
  uuid: string
  fileKey: string
  name: string
  after: number
}

/** Local mode: nothing leaves the machine; what would have been sent is kept and logged. */
export function createOutbox(log: (line: string) => void = console.log) {
  const items: OutboxItem[] = []
  /** uuid → the message it made. */
  const seen = new Map<string, string>()
  type Push = (
    kind: OutboxItem['kind'],
    to: string,
    card: Card,
    uuid: string,
    chat?: string,
    keep?: KeepId,
  ) => Sent
  const push: Push = (kind, to, card, uuid, chat, keep) => {
    // Mirrors Lark's uuid de-duplication so local runs show what users would see.
    const earlier = seen.get(uuid)
    if (earlier) {
      keep?.(earlier)
      return 'sent'
    }
    const messageId = `om_local_${items.length + 1}`
    seen.set(uuid, messageId)
    const at = new Date().toISOString()
    items.push({ at, kind, to, uuid, card, messageId, ...(chat ? { chat } : {}) })
    log(`[outbox] ${kind} → ${to}${chat ? ` in ${chat}` : ''}: ${cardTitle(card)}`)
    keep?.(messageId)
    return 'sent'
  }
  // Uploaded bytes stay here so a developer can download them from /dev/outbox/files/<key>.
  const uploads = new Map<string, { name: string; bytes: Uint8Array }>()
  const files: OutboxFile[] = []
  const api: LarkApi = {
    reply: async (messageId, card, uuid, _chatId, keep) =>
      push('reply', messageId, card, uuid, undefined, keep),
    send: async (to, card, uuid, keep) =>
      push('send', recipientKey(to), card, uuid, undefined, keep),
    // As in Lark, every copy of the card reads the new one; a 仅对你可见 card cannot be updated.
    updateCard: async (messageId, card) => {
      const sent = items.find((i) => i.messageId === messageId && i.kind !== 'ephemeral')
      if (!sent) return 'refused'
      sent.card = card
      log(`[outbox] update ${messageId}: ${cardTitle(card)}`)
      return 'sent'
    },
    // Lark takes no uuid here; every call shows a card.
    sendEphemeral: async (chat, openId, card) =>
      push('ephemeral', `open_id:${openId}`, card, `ephemeral-${items.length}`, chat),
    uploadFile: async (name, bytes) => {
      const fileKey = `file_local_${uploads.size + 1}`
      uploads.set(fileKey, { name, bytes })
      return fileKey
    },
    // Local mode has no Lark directory to look people up in.
    findOpenIds: async () => new Map(),
    userName: async () => null,
    // Local mode knows no bot identity: the bot's @ is told by LARK_BOT_NAME.
    botOpenId: async () => null,
    sendFile: async (to, fileKey, uuid) => {
      if (seen.has(uuid)) return 'sent'
      seen.set(uuid, fileKey)
      const name = uploads.get(fileKey)?.name ?? fileKey
      const at = new Date().toISOString()
      files.push({ at, to: recipientKey(to), uuid, fileKey, name, after: items.length })
      log(`[outbox] file → ${recipientKey(to)}: ${name}`)
      return 'sent'
    },
  }
  return { api, items, files, uploads }
}

export type Outbox = ReturnType<typeof createOutbox>

export function cardTitle(card: Card): string {
  return card.header?.title.content ?? '(card)'
}

/** GET /dev/outbox (cards), /dev/outbox/files and /dev/outbox/files/<key> (the bytes). */
export function outboxRoutes(outbox: Outbox) {
  const app = new Hono()
  app.get('/', (c) => c.json(outbox.items))
  app.get('/files', (c) => c.json(outbox.files))
  app.get('/files/:key', (c) => {
    const file = outbox.uploads.get(c.req.param('key'))
    if (!file) return c.json({ error: 'no such file' }, 404)
    const name = encodeURIComponent(file.name)
    return c.body(file.bytes.slice().buffer, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${name}`,
    })
  })
  return app
}

/**
 * DEV_CONSOLE=1 next to a real Lark app: cards still go to Lark, and the console keeps a copy
 * of each in `copies` so it can show them.
 */
export function withCopies(real: LarkApi, copies: Outbox): LarkApi {
  return {
    ...real,
    async reply(messageId, card, uuid, chatId, keep) {
      await copies.api.reply(messageId, card, uuid)
      return real.reply(messageId, card, uuid, chatId, keep)
    },
    async send(to: Recipient, card, uuid, keep) {
      await copies.api.send(to, card, uuid)
      return real.send(to, card, uuid, keep)
    },
    async sendEphemeral(chatId, openId, card) {
      await copies.api.sendEphemeral(chatId, openId, card)
      return real.sendEphemeral(chatId, openId, card)
    },
  }
}
