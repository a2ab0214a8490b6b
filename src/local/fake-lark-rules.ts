/**
 * What the fake Lark refuses, as Lark does, with the codes its pages list:
 * https://open.feishu.cn/document/server-docs/im-v1/message/create (错误码 and 230099 子错误码),
 * https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control.
 */
import { CARD_ELEMENTS, countElements, LARK_CARD_BYTES } from '../../templates/card-limits'

export type LarkBody = { code: number; msg: string; [field: string]: unknown }
export type Reply = { status: number; body: LarkBody; headers?: Record<string, string> }

export const larkError = (status: number, code: number, msg: string, headers = {}): Reply => ({
  status,
  body: { code, msg },
  headers,
})

/** Over one chat's 5 messages a second (shared by all bots in it): HTTP 400, not 429. */
export const chatBusy = () => larkError(400, 230020, 'This operation triggers the frequency limit.')

/** Over the app's limits: HTTP 429, and when to come back in whole seconds. */
export const appLimited = (resetSec: number) =>
  larkError(429, 99991400, 'request trigger frequency limit', {
    'x-ogw-ratelimit-reset': String(resetSec),
  })

/** The scopes is_in_chat takes, any one of them (its page's 权限要求). */
export const IS_IN_CHAT_SCOPES = [
  'im:chat',
  'im:chat:readonly',
  'im:chat.members:read',
  'im:chat.group_info:readonly',
]

/** Scopes that let users/:user_id return a name, any one of them. */
export const USER_NAME_SCOPES = [
  'contact:user.base:readonly',
  'contact:contact:readonly_as_app',
  'contact:contact',
]

/**
 * An app granted none of `anyOf` (`granted` unset: every scope): code 99991672, whose message
 * lists the scopes to choose from
 * (https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code).
 */
export function missingScope(granted: string[] | undefined, anyOf: string[]): Reply | null {
  if (!granted || anyOf.some((scope) => granted.includes(scope))) return null
  const msg = `Access denied. One of the following scopes is required: [${anyOf.join(', ')}].`
  return larkError(400, 99991672, msg)
}

/** Counts events per key over a sliding window; `waitMs` says how long until one more fits. */
export function slidingCount(limit: number, windowMs: number) {
  const logs = new Map<string, number[]>()
  return {
    waitMs(key: string, t: number): number {
      const recent = (logs.get(key) ?? []).filter((at) => at > t - windowMs)
      logs.set(key, recent)
      return recent.length < limit ? 0 : recent[0]! + windowMs - t
    },
    add(key: string, t: number) {
      logs.set(key, [...(logs.get(key) ?? []), t])
    },
  }
}

/**
 * A card Lark will not send: `content` (the JSON string) over 30 KB (230025), or over 200
 * elements (230099, ext 11310), counted as Lark documents it (templates/card-limits.ts);
 * `card` is the same content parsed.
 */
export function refuseCard(content: string, card: unknown): Reply | null {
  if (Buffer.byteLength(content) > LARK_CARD_BYTES) {
    return larkError(400, 230025, 'The length of the message content reaches its limit.')
  }
  if (countElements(card) > CARD_ELEMENTS) {
    const ext = 'ext=ErrCode: 11310; ErrMsg: element exceeds the limit; code:230099'
    return larkError(400, 230099, `Failed to create card content, ${ext}`)
  }
  return null
}

/**
 * Ids Lark does not know (another app's open_id, a dissolved chat, a deleted message): the
 * generic codes https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code
 * lists, each naming the ids.
 */
export const noSuchOpenId = (id: string) =>
  larkError(400, 99992351, `these open ids not existed: [${id}]`)
export const noSuchMessage = (id: string) =>
  larkError(400, 99992354, `these ids not existed: [${id}]`)
export const noSuchChat = (id: string) =>
  larkError(400, 99992356, `these open_chat ids not existed: [${id}]`)

/** The open_ids a card @s with `<at id=…>` (JSON 2.0 markdown); `all` is not a person. */
export function cardMentions(content: string): string[] {
  const ids = [...content.matchAll(/<at\s+id=\\?["']?([^"'\\\s>]+)/g)].map((m) => m[1]!)
  return [...new Set(ids.filter((id) => id !== 'all'))]
}

/**
 * A card that @s someone Lark does not know fails whole: 230099 with sub-error 100290, the id
 * in ErrorValue (im-v1/message/create, 230099 子错误码).
 */
export function unknownMention(content: string, knows: (openId: string) => boolean) {
  const unknown = cardMentions(content).filter((id) => !knows(id))
  if (unknown.length === 0) return null
  const ext = `ext=ErrCode: 100290; ErrMsg: There is an invalid user resource(at/person) in your card; ErrorValue: ${unknown.join(',')}`
  return larkError(400, 230099, `Failed to create card content, ${ext}`)
}

/** A card sent more than 14 days ago can no longer be updated (message-card/patch, 230031). */
export const CARD_UPDATE_MS = 14 * 24 * 60 * 60 * 1000
export const tooLateToUpdate = () =>
  larkError(400, 230031, 'Message can only be modified within 14 days after sending.')

const UUID_TTL_MS = 60 * 60 * 1000

/** Lark sends at most one message per uuid within an hour; after that the uuid is new again. */
export function uuidMemory(now: () => number) {
  const seen = new Map<string, { messageId: string; at: number }>()
  return {
    get(uuid: string): string | undefined {
      const first = seen.get(uuid)
      return first && now() - first.at < UUID_TTL_MS ? first.messageId : undefined
    },
    set(uuid: string, messageId: string) {
      seen.set(uuid, { messageId, at: now() })
    },
  }
}

/** Who the bot is, to tell its @: its open_id when known, else its name (local mode). */
export type BotIdentity = { openId: string | null; name: string }

type MessagePayload = {
  header?: { event_type?: string }
  event?: {
    message?: {
      chat_type?: string
      mentions?: Array<{ id?: { open_id?: string }; name?: string; mentioned_type?: string }>
    }
  }
}

/**
 * Lark sends a bot a group message only when it @s the bot (scope
 * im:message.group_at_msg:readonly; im-v1/message/events/receive), so an image or a file,
 * which cannot carry an @, never reaches it from a group. Anything else passes.
 */
export function reachesBot(payload: MessagePayload, bot: BotIdentity): boolean {
  const message = payload.event?.message
  if (payload.header?.event_type !== 'im.message.receive_v1' || !message) return true
  if (message.chat_type === 'p2p') return true
  return (message.mentions ?? []).some((m) =>
    bot.openId ? m.id?.open_id === bot.openId : m.mentioned_type === 'bot' || m.name === bot.name,
  )
}
