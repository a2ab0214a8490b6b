import type { Card } from '../../templates/card'

export type Recipient = { type: 'chat_id' | 'open_id'; id: string }
/** A card already sent, to be updated in place: a queued delivery may be one. */
export type SentCopy = { type: 'message_id'; id: string }

/** One recipient as one string: a delivery's key, a rate-limit bucket, an outbox line. */
export const recipientKey = (to: Recipient | SentCopy) => `${to.type}:${to.id}`

/** Told the message_id Lark gave a card it took, to update the card later. */
export type KeepId = (messageId: string) => void

/**
 * What became of a send (a failure is already logged): Lark took it; it may take it later
 * (rate-limited, busy, unreachable); or it never will (the bot left the chat, the message was
 * recalled), so trying again only wastes calls; the OpenAPI says which code. Two refusals the
 * bot works around say so in `refused`:
 * a card that @s open_ids Lark does not know (230099, sub-error 100290, the ids from its
 * ErrorValue; none when Lark named none) and a person outside the app's 可用范围 (230013).
 */
export type Sent = 'sent' | 'retry' | 'refused' | Refused
/** A refusal the OpenAPI explained: which one, with Lark's code for the record. */
export type Refused = { code: number } & (
  { refused: 'mention'; openIds: string[] } | { refused: 'unavailable' } | { refused: 'other' }
)

// What the codes a record most often keeps mean (generic-error-code, im-v1/message/create).
const MEANINGS: Record<number, string> = {
  99992351: 'the open_id is not one Lark knows for this app',
  99992354: 'the message does not exist',
  99992356: 'the chat does not exist',
  230002: 'the bot is not in the chat',
  230013: 'the person is outside the app’s 可用范围 and no group was set to @ them in',
  230099: 'the card could not be made',
}

/** Why a send (`what`) was refused, as a record's failure keeps it. */
export function refusalReason(sent: Sent, what = 'it'): string {
  if (typeof sent !== 'object') return `Lark refused ${what}`
  const meaning = MEANINGS[sent.code]
  return `Lark refused ${what}: code ${sent.code}${meaning ? ` (${meaning})` : ''}`
}

/** Refused for good, whatever the reason: trying the same again will not help. */
export const refusedForGood = (sent: Sent) => sent === 'refused' || typeof sent === 'object'

/** What the bot sends to Lark. One implementation talks to the OpenAPI, the other to a local outbox. */
export interface LarkApi {
  /**
   * https://open.feishu.cn/document/server-docs/im-v1/message/reply — `chatId`, the chat the
   * message is in, lets the reply wait its turn under the chat's 5 messages/s.
   */
  reply(messageId: string, card: Card, uuid: string, chatId?: string, keep?: KeepId): Promise<Sent>
  /** https://open.feishu.cn/document/server-docs/im-v1/message/create */
  send(to: Recipient, card: Card, uuid: string, keep?: KeepId): Promise<Sent>
  /**
   * Replaces a card the bot sent, for everyone who sees it (a shared card); Lark refuses it
   * 14 days after sending (230031) and for a 仅对你可见 card.
   * https://open.feishu.cn/document/server-docs/im-v1/message-card/patch
   */
  updateCard(messageId: string, card: Card): Promise<Sent>
  /**
   * A card only `openId` sees in the group `chatId`, marked 仅对你可见; no uuid, no topic groups.
   * https://open.feishu.cn/document/ukTMukTMukTM/uETOyYjLxkjM24SM5IjN
   */
  sendEphemeral(chatId: string, openId: string, card: Card): Promise<Sent>
  /** https://open.feishu.cn/document/server-docs/im-v1/file/create — the file_key, or null. */
  uploadFile(name: string, bytes: Uint8Array): Promise<string | null>
  /** A file message with an uploaded file_key (same endpoint as send). */
  sendFile(to: Recipient, fileKey: string, uuid: string): Promise<Sent>
  /**
   * Open_ids of people by 手机号 or 邮箱, keyed by the mobile or email as given; whoever Lark
   * does not find is absent. Throws when Lark cannot be asked (scope contact:user.id:readonly).
   * https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id
   */
  findOpenIds(contacts: { mobiles: string[]; emails: string[] }): Promise<Map<string, string>>
  /**
   * A person's name as the tenant's directory has it; null when Lark will not say (scope
   * contact:user.base:readonly not granted, the person outside the app's 通讯录权限范围, gone).
   * https://open.feishu.cn/document/server-docs/contact-v3/user/get
   */
  userName(openId: string): Promise<string | null>
  /**
   * The bot's own open_id, to tell its @ from others' wherever it stands in a message; null
   * when it cannot be had (local mode, Lark unreachable).
   * https://open.feishu.cn/document/client-docs/bot-v3/obtain-bot-info
   */
  botOpenId(): Promise<string | null>
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
