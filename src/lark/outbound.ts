import type { Card } from '../../templates/card'

export type Recipient = { type: 'chat_id' | 'open_id'; id: string }

/** What the bot sends to Lark. One implementation talks to the OpenAPI, the other to a local outbox. */
export interface LarkApi {
  /** https://open.feishu.cn/document/server-docs/im-v1/message/reply */
  /** Resolves false when Lark did not take the message (already logged). */
  reply(messageId: string, card: Card, uuid: string): Promise<boolean>
  /** https://open.feishu.cn/document/server-docs/im-v1/message/create */
  send(to: Recipient, card: Card, uuid: string): Promise<boolean>
}

export type OutboxItem = {
  at: string
  kind: 'reply' | 'send'
  to: string
  uuid: string
  card: Card
}

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
  const api: LarkApi = {
    reply: async (messageId, card, uuid) => push('reply', messageId, card, uuid),
    send: async (to, card, uuid) => push('send', `${to.type}:${to.id}`, card, uuid),
  }
  return { api, items }
}

export type Outbox = ReturnType<typeof createOutbox>

function cardTitle(card: Card): string {
  return card.header?.title.content ?? '(card)'
}
