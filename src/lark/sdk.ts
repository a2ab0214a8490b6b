import * as lark from '@larksuiteoapi/node-sdk'
import type { Kv } from '../kv'
import type { Logger } from '../log'
import { callLark, type Attempt } from './call'
import { timedHttp } from './http'
import { createLimiter } from './limits'
import { larkFileType, recipientKey, type LarkApi, type Refused } from './outbound'

export type SdkOptions = {
  appId: string
  appSecret: string
  domain: string
  kv: Kv
  log: Logger
  /** Per HTTP request; tests shorten it. */
  timeoutMs?: number
}

const TIMEOUT_MS = 10_000
/** batch_get_id takes at most 50 mobiles and 50 emails a call. */
const CONTACTS_PER_CALL = 50
type ContactAnswer = {
  code?: number
  msg?: string
  data?: { user_list?: Array<{ user_id?: string; mobile?: string; email?: string }> }
}

/**
 * The bot's open_id per app, asked of Lark once per process or isolate. A Worker builds its
 * client per request, so this outlives the client; it holds values, never a pending promise,
 * as on Workers one request must not await another's.
 */
const botOpenIds = new Map<string, string>()

/**
 * The OpenAPI through the official SDK. The tenant token lives in the shared KV so every
 * Worker isolate uses one token (https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal).
 * Every call waits for a slot under Lark's limits, times out, and says what became of it
 * (./call).
 */
export function createSdkLark(opts: SdkOptions): LarkApi {
  const tokens = kvTokenCache(opts.kv, opts.log)
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    // The SDK logs every failed call, 429s included, with the whole HTTP error; we retry those
    // and log one line per final failure ourselves, so its own logging stays quiet.
    logger: quietLogger,
    cache: tokens,
    httpInstance: timedHttp(opts.timeoutMs ?? TIMEOUT_MS),
  })
  shareTokenFetches(client)
  const limiter = createLimiter()
  const renewToken = () => tokens.forget(lark.CTenantAccessToken, opts.appId)
  const call = (what: string, chat: string | undefined, attempt: Attempt) =>
    callLark(limiter, chat, attempt, renewToken).then(([sent, detail]) => {
      if (sent !== 'sent') {
        const outcome = typeof sent === 'string' ? sent : refusedAs(sent)
        opts.log.warn(`lark ${what} ${outcome}: ${detail}`)
      }
      return sent
    })
  // A reply whose chat is not given takes app slots only; a busy chat answers it with
  // 230020, which callLark waits out.
  return {
    async botOpenId() {
      const known = botOpenIds.get(opts.appId)
      if (known) return known
      const info = await client
        .request<{ bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' })
        .catch((err: unknown) => opts.log.warn(`lark bot info failed: ${String(err)}`))
      const openId = info?.bot?.open_id ?? null
      if (openId) botOpenIds.set(opts.appId, openId)
      return openId
    },
    reply: (messageId, card, uuid, chatId, keep) =>
      call(
        'reply',
        chatId ? recipientKey({ type: 'chat_id', id: chatId }) : undefined,
        async () => {
          const answer = await client.im.v1.message.reply({
            path: { message_id: messageId },
            data: { msg_type: 'interactive', content: JSON.stringify(card), uuid },
          })
          if (!answer.code && answer.data?.message_id) keep?.(answer.data.message_id)
          return answer
        },
      ),
    send: (to, card, uuid, keep) =>
      call('send', recipientKey(to), async () => {
        const answer = await client.im.v1.message.create({
          params: { receive_id_type: to.type },
          data: { receive_id: to.id, msg_type: 'interactive', content: JSON.stringify(card), uuid },
        })
        if (!answer.code && answer.data?.message_id) keep?.(answer.data.message_id)
        return answer
      }),
    // One message takes 5 updates a second: its id is its bucket.
    updateCard: (messageId, card) =>
      call('card update', `message_id:${messageId}`, () =>
        client.im.v1.message.patch({
          path: { message_id: messageId },
          data: { content: JSON.stringify(card) },
        }),
      ),
    async findOpenIds({ mobiles, emails }) {
      const found = new Map<string, string>()
      for (let i = 0; i < Math.max(mobiles.length, emails.length); i += CONTACTS_PER_CALL) {
        const batch = {
          mobiles: mobiles.slice(i, i + CONTACTS_PER_CALL),
          emails: emails.slice(i, i + CONTACTS_PER_CALL),
        }
        const answer = await client.request<ContactAnswer>({
          method: 'POST',
          url: '/open-apis/contact/v3/users/batch_get_id',
          params: { user_id_type: 'open_id' },
          data: Object.fromEntries(Object.entries(batch).filter(([, list]) => list.length > 0)),
        })
        if (answer.code) throw new Error(`Lark batch_get_id: ${answer.code} ${answer.msg ?? ''}`)
        for (const user of answer.data?.user_list ?? []) {
          const key = user.mobile ?? user.email
          if (key && user.user_id) found.set(key, user.user_id)
        }
      }
      return found
    },
    async userName(openId) {
      const answer = await client
        .request<{ code?: number; msg?: string; data?: { user?: { name?: string } } }>({
          method: 'GET',
          url: `/open-apis/contact/v3/users/${encodeURIComponent(openId)}`,
          params: { user_id_type: 'open_id' },
        })
        .catch((err: unknown) => ({ code: -1, msg: String(err), data: undefined }))
      if (answer.code) opts.log.warn(`lark user ${openId}: ${answer.code} ${answer.msg ?? ''}`)
      return answer.data?.user?.name || null
    },
    sendEphemeral: (chatId, openId, card) =>
      call('ephemeral send', recipientKey({ type: 'chat_id', id: chatId }), () =>
        client.request({
          method: 'POST',
          url: '/open-apis/ephemeral/v1/send',
          data: { chat_id: chatId, open_id: openId, msg_type: 'interactive', card },
        }),
      ),
    uploadFile: async (name, bytes) => {
      let fileKey: string | null = null
      const uploaded = await call('file upload', undefined, async () => {
        const data = await client.im.v1.file.create({
          data: { file_type: larkFileType(name), file_name: name, file: Buffer.from(bytes) },
        })
        fileKey = data?.file_key ?? null
        return fileKey ? {} : { code: -1, msg: 'no file_key in the answer' }
      })
      return uploaded === 'sent' ? fileKey : null
    },
    sendFile: (to, fileKey, uuid) =>
      call('file send', recipientKey(to), () =>
        client.im.v1.message.create({
          params: { receive_id_type: to.type },
          data: {
            receive_id: to.id,
            msg_type: 'file',
            content: JSON.stringify({ file_key: fileKey }),
            uuid,
          },
        }),
      ),
  }
}

/**
 * The SDK looks the token up in the cache and, on a miss, fetches a new one, once per call: a
 * first wave of parallel sends (a digest to 300 leaders) would each fetch a token. Calls that
 * overlap now share one lookup (a self-built app has a single tenant token).
 */
function shareTokenFetches(client: lark.Client) {
  const manager = client.tokenManager as { getTenantAccessToken(p?: unknown): Promise<string> }
  const lookUp = manager.getTenantAccessToken.bind(manager)
  let pending: Promise<string> | null = null
  manager.getTenantAccessToken = (params) =>
    (pending ??= lookUp(params).finally(() => {
      pending = null
    }))
}

/** A refusal as a log line names it: which kind, when the bot works around it. */
const refusedAs = (sent: Refused) =>
  sent.refused === 'other' ? 'refused' : `refused (${sent.refused})`

const quiet = () => undefined
const quietLogger = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet }

/** A cached value and when it expires (ms since the epoch; none: never). */
type Cached = { v: unknown; e?: number }

/**
 * Tokens this process or isolate has seen, with their expiry: values, never pending promises,
 * so on Workers they are safe to keep across requests. A hit saves the KV round trip that
 * every Lark call made before it.
 */
const memo = new Map<string, Cached>()

/**
 * The SDK's token cache: in memory, then in KV, shared by every process and isolate. KV down
 * is a miss, never a failed call: the SDK then fetches a token from Lark itself (measured:
 * with Redis refusing, every reply failed before).
 */
function kvTokenCache(kv: Kv, log: Logger) {
  const keyOf = (key: string | Symbol, ns?: string) => `lark:cache:${ns ?? ''}:${key.toString()}`
  const unavailable = (err: unknown): undefined => {
    log.warn(`kv unavailable for the Lark token: ${String(err)}`)
  }
  const fresh = (c: Cached | undefined) =>
    c !== undefined && (c.e === undefined || c.e > Date.now())
  return {
    async get(key: string | Symbol, options?: { namespace?: string }) {
      const k = keyOf(key, options?.namespace)
      const known = memo.get(k)
      if (fresh(known)) return known!.v
      const raw = await kv.get(k).catch(unavailable)
      const cached = raw == null ? undefined : parseCached(raw)
      if (!fresh(cached)) return undefined
      memo.set(k, cached!)
      return cached!.v
    },
    async set(
      key: string | Symbol,
      value: unknown,
      expire?: number,
      options?: { namespace?: string },
    ) {
      const k = keyOf(key, options?.namespace)
      const cached: Cached = { v: value, e: expire }
      memo.set(k, cached)
      const ttlSec = expire ? Math.max(1, Math.floor((expire - Date.now()) / 1000)) : undefined
      return kv.set(k, JSON.stringify(cached), { ttlSec }).catch((err: unknown) => {
        unavailable(err)
        return false
      })
    },
    /** Drops a value Lark no longer takes (a revoked token), here and for every isolate. */
    async forget(key: string | Symbol, namespace?: string) {
      const k = keyOf(key, namespace)
      memo.delete(k)
      await kv.del(k).catch(unavailable)
    },
  }
}

/** A KV entry as set above; anything else (an older format) is a miss. */
function parseCached(raw: string): Cached | undefined {
  try {
    const parsed = JSON.parse(raw) as Cached | null
    return parsed && typeof parsed === 'object' && 'v' in parsed ? parsed : undefined
  } catch {
    return undefined
  }
}
