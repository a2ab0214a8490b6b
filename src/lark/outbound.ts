import type { Card } from '../../templates/card'

export type Recipient = { type: 'chat_id' | 'open_id'; id: string }

/** What the bot sends to Lark. One implementation talks to the OpenAPI, the other to a local outbox. */
export interface LarkApi {
  /** https://open.feishu.cn/document/server-docs/im-v1/message/reply */
  /** Resolves false when Lark did not take the message (already logged). */
  reply(messageId: string, card: Card, uuid: string): Promise<boolean>
  /** https://open.feishu.cn/document/server-docs/im-v1/message/create */
  send(to: Recipient, card: Card, uuid: string): Promise<boolean>
  /** https://open.feishu.cn/document/server-docs/im-v1/file/create — the file_key, or null. */
  uploadFile(name: string, bytes: Uint8Array): Promise<string | null>
  /** A file message with an uploaded file_key (same endpoint as send). */
  sendFile(to: Recipient, fileKey: string, uuid: string): Promise<boolean>
}

/** Lark refuses im files over 30 MB (and empty ones). */
export const LARK_FILE_MAX_BYTES = 30 * 1024 * 1024

/** Lark's file_type for an upload, by the file's extension. */
export function larkFileType(name: string): 'doc' | 'xls' | 'pdf' | 'stream' {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase()
  if (ext === 'doc' || ext === 'docx') return 'doc'
  if (ext === 'xls' || ext === 'xlsx') return 'xls'
  return ext === 'pdf' ? 'pdf' : 'stream'
}

export type OutboxItem = {
  at: string
  kind: 'reply' | 'send'
  to: string
  uuid: string
  card: Card
}

export type OutboxFile = { at: string; to: string; uuid: string; fileKey: string; name: string }

/** Local mode: nothing leaves the machine; what would have been sent is kept and logged. */
export function createOutbox(log: (line: string) => void = console.log) {
  const items: OutboxItem[] = []
  const seen = new Set<string>()
  const push = (kind: OutboxItem['kind'], to: string, card: Card, uuid: string) => {
    // Mirrors Lark's uuid de-duplication so local runs show what users would see.
    if (seen.has(uuid)) return true
    seen.add(uuid)
    items.push({ at: new Date().toISOString(), kind, to, uuid, card })
    log(`[outbox] ${kind} → ${to}: ${cardTitle(card)}`)
    return true
  }
  // Uploaded bytes stay here so a developer can download them from /dev/outbox/files/<key>.
  const uploads = new Map<string, { name: string; bytes: Uint8Array }>()
  const files: OutboxFile[] = []
  const api: LarkApi = {
    reply: async (messageId, card, uuid) => push('reply', messageId, card, uuid),
    send: async (to, card, uuid) => push('send', `${to.type}:${to.id}`, card, uuid),
    uploadFile: async (name, bytes) => {
      const fileKey = `file_local_${uploads.size + 1}`
      uploads.set(fileKey, { name, bytes })
      return fileKey
    },
    sendFile: async (to, fileKey, uuid) => {
      if (seen.has(uuid)) return true
      seen.add(uuid)
      const name = uploads.get(fileKey)?.name ?? fileKey
      files.push({ at: new Date().toISOString(), to: `${to.type}:${to.id}`, uuid, fileKey, name })
      log(`[outbox] file → ${to.type}:${to.id}: ${name}`)
      return true
    },
  }
  return { api, items, files, uploads }
}

export type Outbox = ReturnType<typeof createOutbox>

function cardTitle(card: Card): string {
  return card.header?.title.content ?? '(card)'
}
