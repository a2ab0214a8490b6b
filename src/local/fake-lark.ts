import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  appLimited,
  chatBusy,
  IS_IN_CHAT_SCOPES,
  USER_NAME_SCOPES,
  larkError,
  CARD_UPDATE_MS,
  missingScope,
  noSuchChat,
  noSuchMessage,
  noSuchOpenId,
  refuseCard,
  slidingCount,
  tooLateToUpdate,
  unknownMention,
  uuidMemory,
  type Reply,
} from './fake-lark-rules'
import { readBody, replyJson } from './http'

export type SentMessage = {
  kind: 'send' | 'reply' | 'update' | 'file' | 'ephemeral'
  receiveIdType?: string
  receiveId?: string
  /** An ephemeral card's group (its receiveId is the one person who sees it). */
  chatId?: string
  messageId?: string
  /** The message the fake made of a send, reply or ephemeral card. */
  id?: string
  msgType: string
  content: any
  uuid?: string
}

export type FakeLark = {
  /** Base URL; pass it as the SDK Client's `domain`. */
  url: string
  sent: SentMessage[]
  /** 仅对你可见 cards Lark took for someone whose client was offline: nobody ever saw them. */
  unseen: SentMessage[]
  tokenRequests: number
  requests: number
  /** Every non-zero code the fake answered, in order: 230020, 99991400, a fault's code… */
  errorCodes: number[]
  /**
   * The chat each message is in: a reply counts against its message's chat. The fake notes the
   * messages it creates; a test adds the users' messages the bot replies to.
   */
  messageChats: Map<string, string>
  /** The tenant's people, as contact/v3/users/batch_get_id and users/:user_id find them. */
  users: Array<{ openId: string; name?: string; mobile?: string; email?: string }>
  /** How the tenant set the app up (reset restores it); a test misconfigures it. */
  tenant: FakeTenant
  /**
   * Answers im calls with `fault` instead, `times` times (default: until reset); only calls to
   * `to` (a receive_id, a replied-to message_id or its chat) when given.
   */
  fail(fault: Fault, where?: { to?: string; times?: number }): void
  /** What a message the fake made reads now: its last update's content, or what was sent. */
  shown(messageId: string): unknown
  /** The tenant token is revoked: calls with it get 99991663 until a new one is fetched. */
  revokeToken(): void
  /** Resolves with the first recorded message matching `pred`, now or when it arrives. */
  waitFor(pred: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>
  reset(): void
  close(): Promise<void>
}

/**
 * The clock for rate windows and uuid expiry (tests that jump an hour inject one), and a fixed
 * port for the local Worker (npm run dev), whose settings name it.
 */
export type FakeLarkOptions = { now?: () => number; port?: number }

/**
 * The app as the tenant configured it. `appSecret`: the one secret Lark takes (any, unset);
 * `bot`: the 机器人 capability; `activateStatus`: /bot/v3/info's (2 = enabled); `scopes`: the
 * granted scopes (all, unset), checked where the fake knows the API's list; `unavailable`:
 * open_ids outside the app's 可用范围; `chats`: group chats, with whether the bot is in them and
 * whether they are topic groups; `unknown`: ids Lark does not know (another app's open_ids, a
 * dissolved chat, a deleted message) — an open_id not starting `ou_`, a chat_id not `oc_` and a
 * message_id not `om_` are unknown too; `offline`: people whose Lark client is not online, so
 * a 仅对你可见 card never reaches them.
 */
export type FakeTenant = {
  appSecret?: string
  bot: boolean
  activateStatus: number
  scopes?: string[]
  unavailable: string[]
  chats: Map<string, { botIn: boolean; topic?: boolean }>
  unknown: string[]
  offline: string[]
}

/** A tenant that set the app up as the docs say, with everyone in 可用范围 and online. */
const freshTenant = (): FakeTenant => ({
  bot: true,
  activateStatus: 2,
  unavailable: [],
  chats: new Map(),
  unknown: [],
  offline: [],
})

/** What the fake answers instead of doing its work: a Lark error, or no answer at all. */
export type Fault = Reply | 'hang'

export const faults = {
  /** Lark's gateway failing. */
  serverError: larkError(502, 1500, 'internal error'),
  /** Lark's app limit, come back in `resetSec` seconds. */
  rateLimited: appLimited,
  /** Lark takes the request and never answers. */
  hang: 'hang' as const,
  /** A code that will never go through, e.g. 230002 (the bot is not in the chat). */
  refused: (code: number, msg = 'refused') => larkError(400, code, msg),
}

/** The first tenant token the fake issues; each revokeToken makes the next one new. */
export const FAKE_TENANT_TOKEN = 't-fake'
/** The bot's own open_id, as /bot/v3/info gives it. */
export const FAKE_BOT_OPEN_ID = 'ou_fake_bot'
const ok = (data?: object): Reply => ({ status: 200, body: { code: 0, msg: 'success', data } })

/** An im call: whom it is for (to match faults), and what Lark does with it. */
type ImCall = { targets: (string | undefined)[]; answer: () => Reply }

/**
 * The slice of the Lark OpenAPI the bot uses, over real HTTP so the real SDK is exercised:
 * tenant token, send / reply with uuid de-duplication for an hour, card update, file upload,
 * Lark's limits (5 messages/s per chat, 50 calls/s and 1,000/min per app), its card checks,
 * and faults a test switches on. The tests, the Worker bench and `npm run dev` run against it.
 * https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export async function startFakeLark(opts: FakeLarkOptions = {}): Promise<FakeLark> {
  const now = opts.now ?? Date.now
  const waiters = new Set<() => void>()
  const fresh = () => ({
    uuids: uuidMemory(now),
    perChat: slidingCount(5, 1000),
    perSecond: slidingCount(50, 1000),
    perMinute: slidingCount(1000, 60_000),
    armed: [] as { fault: Fault; to?: string; left: number }[],
    ids: 0,
    token: FAKE_TENANT_TOKEN,
    tokens: 0,
    /**
     * When each message was made, for the 14 days a card can be updated, and whether it is
     * 仅对你可见 (those cannot be updated).
     */
    made: new Map<string, { at: number; ephemeral: boolean }>(),
  })
  let state = fresh()

  const fake: FakeLark = {
    url: '',
    sent: [],
    unseen: [],
    tokenRequests: 0,
    requests: 0,
    errorCodes: [],
    messageChats: new Map(),
    users: [],
    tenant: freshTenant(),
    fail(fault, where = {}) {
      state.armed.push({ fault, to: where.to, left: where.times ?? Infinity })
    },
    revokeToken() {
      state.token = `${FAKE_TENANT_TOKEN}-${++state.tokens}`
    },
    waitFor: (pred, timeoutMs = 5000) => waitFor(fake, waiters, pred, timeoutMs),
    shown: (messageId) =>
      fake.sent.findLast((m) => (m.kind === 'update' ? m.messageId : m.id) === messageId)?.content,
    reset() {
      Object.assign(fake, { sent: [], unseen: [], tokenRequests: 0, requests: 0, errorCodes: [] })
      fake.messageChats = new Map()
      fake.tenant = freshTenant()
      state = fresh()
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }

  const record = (m: SentMessage) => {
    fake.sent.push(m)
    waiters.forEach((wake) => wake())
  }
  const knows = (id: string, prefix: 'ou_' | 'oc_' | 'om_') =>
    id.startsWith(prefix) && !fake.tenant.unknown.includes(id)
  const knowsPerson = (openId: string) => knows(openId, 'ou_')
  /** What Lark refuses in a card: too big, too many elements, an @ of someone it does not know. */
  const refuseContent = (raw: string, card: unknown) =>
    refuseCard(raw, card) ?? unknownMention(raw, knowsPerson)

  // Lark answers a repeated uuid with the first message's id and sends nothing new.
  const deliver = (m: SentMessage, chat: string | undefined, raw: unknown): Reply => {
    const refused = m.msgType === 'interactive' ? refuseContent(String(raw), m.content) : null
    if (refused) return refused
    const seen = m.uuid ? state.uuids.get(m.uuid) : undefined
    if (seen) return ok({ message_id: seen, msg_type: m.msgType })
    if (chat !== undefined && state.perChat.waitMs(chat, now()) > 0) return chatBusy()
    if (chat !== undefined) state.perChat.add(chat, now())
    const messageId = `om_fake_${++state.ids}`
    if (m.uuid) state.uuids.set(m.uuid, messageId)
    if (chat !== undefined) fake.messageChats.set(messageId, chat)
    state.made.set(messageId, { at: now(), ephemeral: false })
    record({ ...m, id: messageId })
    return ok({ message_id: messageId, msg_type: m.msgType, body: { content: m.content } })
  }

  const takeFault = (targets: (string | undefined)[]): Fault | undefined => {
    const hit = state.armed.find((a) => a.left > 0 && (!a.to || targets.includes(a.to)))
    if (hit) hit.left--
    return hit?.fault
  }

  /** Lark's app-wide limits, counted over the calls it served. */
  const overAppLimit = (): Reply | null => {
    const t = now()
    const wait = Math.max(state.perSecond.waitMs('app', t), state.perMinute.waitMs('app', t))
    if (wait > 0) return appLimited(Math.ceil(wait / 1000))
    state.perSecond.add('app', t)
    state.perMinute.add('app', t)
    return null
  }

  /** Null: the fake never answers. */
  async function route(req: IncomingMessage): Promise<Reply | null> {
    const url = new URL(req.url ?? '/', 'http://fake-lark')
    const path = url.pathname
    const body = await readBody(req)
    if (req.method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') {
      fake.tokenRequests++
      const secret = fake.tenant.appSecret
      if (secret !== undefined && JSON.parse(body.toString('utf8') || '{}').app_secret !== secret) {
        return larkError(400, 10015, 'wrong app secret')
      }
      return {
        status: 200,
        body: { code: 0, msg: 'ok', tenant_access_token: state.token, expire: 7200 },
      }
    }
    const authorized = req.headers.authorization === `Bearer ${state.token}`
    if (req.method === 'GET' && path === '/open-apis/bot/v3/info') {
      if (!authorized) return larkError(401, 99991663, 'Invalid access token for authorization')
      // No error code is listed on the page; the generic table's 11205 is "app do not have bot".
      if (!fake.tenant.bot) return larkError(400, 11205, 'app do not have bot')
      const status = fake.tenant.activateStatus
      const bot = { open_id: FAKE_BOT_OPEN_ID, app_name: '主题教育统计', activate_status: status }
      return { status: 200, body: { code: 0, msg: 'ok', bot } }
    }
    if (req.method === 'POST' && path === '/open-apis/contact/v3/users/batch_get_id') {
      if (!authorized) return larkError(401, 99991663, 'Invalid access token for authorization')
      return overAppLimit() ?? findUsers(url.searchParams, body)
    }
    const user = /^\/open-apis\/contact\/v3\/users\/([^/]+)$/.exec(path)
    if (req.method === 'GET' && user) {
      if (!authorized) return larkError(401, 99991663, 'Invalid access token for authorization')
      return overAppLimit() ?? findUser(decodeURIComponent(user[1]!), url.searchParams)
    }
    const ephemeral = req.method === 'POST' && path === '/open-apis/ephemeral/v1/send'
    if (!path.startsWith('/open-apis/im/') && !ephemeral) return larkError(404, 404, 'not found')
    if (!authorized) return larkError(401, 99991663, 'Invalid access token for authorization')
    const type = req.headers['content-type'] ?? ''
    const call = ephemeral
      ? ephemeralCall(body)
      : im(req.method ?? '', path, url.searchParams, type, body)
    const fault = takeFault(call.targets)
    if (fault) return fault === 'hang' ? null : fault
    return overAppLimit() ?? call.answer()
  }

  /**
   * https://open.feishu.cn/document/server-docs/contact-v3/user/get: the name needs
   * contact:user.base:readonly (or a wider contact scope); someone the tenant does not have is
   * 41050, no authority over that user.
   */
  function findUser(openId: string, query: URLSearchParams): Reply {
    const type = query.get('user_id_type') ?? 'open_id'
    if (type !== 'open_id') return larkError(400, 99992402, `fake: user_id_type ${type}`)
    const refused = missingScope(fake.tenant.scopes, USER_NAME_SCOPES)
    if (refused) return refused
    const found = fake.users.find((u) => u.openId === openId)
    if (!found) return larkError(400, 41050, 'no user authority error')
    return ok({ user: { open_id: found.openId, name: found.name ?? '' } })
  }

  /**
   * https://open.feishu.cn/document/server-docs/contact-v3/user/batch_get_id: at most 50
   * emails and 50 mobiles; each comes back, with user_id (here the open_id) when found.
   */
  function findUsers(query: URLSearchParams, raw: Buffer): Reply {
    const type = query.get('user_id_type') ?? 'open_id'
    if (type !== 'open_id') return larkError(400, 99992402, `fake: user_id_type ${type}`)
    const b = JSON.parse(raw.toString('utf8') || '{}')
    const emails: unknown = b.emails ?? []
    const mobiles: unknown = b.mobiles ?? []
    const list = (v: unknown): v is string[] =>
      Array.isArray(v) && v.length <= 50 && v.every((x) => typeof x === 'string')
    if (!list(emails) || !list(mobiles)) {
      return larkError(400, 99992402, 'field validation failed: emails, mobiles: at most 50')
    }
    const byMobile = (m: string) => fake.users.find((u) => u.mobile === m.replace(/^\+86/, ''))
    const byEmail = (e: string) => fake.users.find((u) => u.email === e)
    const users = [
      ...mobiles.map((mobile) => ({ mobile, user_id: byMobile(mobile)?.openId })),
      ...emails.map((email) => ({ email, user_id: byEmail(email)?.openId })),
    ]
    return ok({ user_list: users })
  }

  /**
   * https://open.feishu.cn/document/ukTMukTMukTM/uETOyYjLxkjM24SM5IjN: chat_id, open_id,
   * msg_type "interactive" and `card` as an object; no uuid. The chat's limit is its own (40/s).
   * Not for topic groups (the page names no code; the generic 230001 stands for it). The card
   * shows only on a client that is online, with no notification, and the call succeeds anyway.
   */
  function ephemeralCall(raw: Buffer): ImCall {
    const b = JSON.parse(raw.toString('utf8') || '{}')
    const answer = (): Reply => {
      if (typeof b.chat_id !== 'string' || typeof b.open_id !== 'string') {
        return larkError(400, 99992402, 'field validation failed: chat_id and open_id are required')
      }
      if (b.msg_type !== 'interactive' || !b.card || typeof b.card !== 'object') {
        return larkError(400, 99992402, 'field validation failed: msg_type interactive with a card')
      }
      if (!knows(b.chat_id, 'oc_')) return noSuchChat(b.chat_id)
      if (!knowsPerson(b.open_id)) return noSuchOpenId(b.open_id)
      if (fake.tenant.chats.get(b.chat_id)?.topic) {
        return larkError(
          400,
          230001,
          'Your request contains an invalid request parameter, ext=topic chat not supported',
        )
      }
      const refused = refuseContent(JSON.stringify(b.card), b.card)
      if (refused) return refused
      const id = `om_fake_${++state.ids}`
      state.made.set(id, { at: now(), ephemeral: true })
      const m = { kind: 'ephemeral' as const, receiveId: b.open_id, chatId: b.chat_id, id }
      const shown: SentMessage = { ...m, msgType: 'interactive', content: b.card }
      if (fake.tenant.offline.includes(b.open_id)) fake.unseen.push(shown)
      else record(shown)
      return ok({ message_id: id })
    }
    return { targets: [b.chat_id, b.open_id], answer }
  }

  /**
   * https://open.feishu.cn/document/server-docs/group/chat-member/is_in_chat: any of four
   * scopes; 232025 without the bot capability, 232006 for a chat_id that is not a chat.
   */
  function isInChat(chatId: string): Reply {
    const refused = missingScope(fake.tenant.scopes, IS_IN_CHAT_SCOPES)
    if (refused) return refused
    if (!fake.tenant.bot) return larkError(400, 232025, 'Bot ability is not activated.')
    const chat = fake.tenant.chats.get(chatId)
    if (!chat) return larkError(400, 232006, 'Your request specifies a chat_id which is invalid.')
    return ok({ is_in_chat: chat.botIn })
  }

  /**
   * https://open.feishu.cn/document/server-docs/im-v1/message-card/patch: only the app's own
   * cards, not 仅对你可见 ones, within 14 days of sending (230031).
   */
  function refuseUpdate(messageId: string): Reply | null {
    const made = state.made.get(messageId)
    if (!made || !knows(messageId, 'om_')) return noSuchMessage(messageId)
    if (made.ephemeral) {
      return larkError(400, 230001, `invalid message_id: ${messageId} is 仅对你可见, not updatable`)
    }
    return now() - made.at > CARD_UPDATE_MS ? tooLateToUpdate() : null
  }

  function im(
    method: string,
    path: string,
    query: URLSearchParams,
    type: string,
    raw: Buffer,
  ): ImCall {
    const messageId = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)/)?.[1]
    if (method === 'POST' && path === '/open-apis/im/v1/files') {
      const answer = () => {
        record({ kind: 'file', msgType: 'file', content: parseUpload(type, raw) })
        return ok({ file_key: `file_fake_${++state.ids}` })
      }
      return { targets: [], answer }
    }
    const inChat = path.match(/^\/open-apis\/im\/v1\/chats\/([^/]+)\/members\/is_in_chat$/)
    if (method === 'GET' && inChat) {
      const chatId = decodeURIComponent(inChat[1]!)
      return { targets: [chatId], answer: () => isInChat(chatId) }
    }
    const b = JSON.parse(raw.toString('utf8') || '{}')
    const message = { msgType: b.msg_type, content: parseContent(b.content), uuid: b.uuid }
    if (method === 'POST' && path === '/open-apis/im/v1/messages') {
      const receiveIdType = query.get('receive_id_type') ?? undefined
      const m = { kind: 'send' as const, receiveIdType, receiveId: b.receive_id, ...message }
      const id = String(b.receive_id)
      const answer = () => {
        if (receiveIdType === 'open_id' && !knowsPerson(id)) return noSuchOpenId(id)
        if (receiveIdType === 'chat_id' && !knows(id, 'oc_')) return noSuchChat(id)
        if (receiveIdType === 'open_id' && fake.tenant.unavailable.includes(id)) {
          return larkError(400, 230013, 'Bot has NO availability to this user.')
        }
        return deliver(m, id, b.content)
      }
      return { targets: [b.receive_id], answer }
    }
    if (method === 'POST' && messageId && path.endsWith('/reply')) {
      const chat = fake.messageChats.get(messageId)
      const m = { kind: 'reply' as const, messageId, ...message }
      const answer = () =>
        knows(messageId, 'om_') ? deliver(m, chat, b.content) : noSuchMessage(messageId)
      return { targets: [messageId, chat], answer }
    }
    // https://open.feishu.cn/document/server-docs/im-v1/message-card/patch: only a card the
    // bot sent, within 14 days, and checked as a new card is.
    if (method === 'PATCH' && messageId) {
      const answer = () => {
        const refused = refuseUpdate(messageId) ?? refuseContent(String(b.content), message.content)
        if (refused) return refused
        record({ kind: 'update', messageId, msgType: 'interactive', content: message.content })
        return ok({})
      }
      return { targets: [messageId, fake.messageChats.get(messageId)], answer }
    }
    return { targets: [], answer: () => larkError(404, 404, `no fake for ${method} ${path}`) }
  }

  const server = createServer((req, res) => {
    fake.requests++
    route(req).then(
      (r) => r && answer(res, r),
      (err: Error) => answer(res, larkError(500, 500, err.message)),
    )
  })
  const answer = (res: ServerResponse, r: Reply) => {
    if (r.body.code) fake.errorCodes.push(r.body.code)
    replyJson(res, r.status, r.body, r.headers)
  }
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

function waitFor(
  fake: FakeLark,
  waiters: Set<() => void>,
  pred: (m: SentMessage) => boolean,
  timeoutMs: number,
): Promise<SentMessage> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = fake.sent.find(pred)
      if (!found) return
      done()
      resolve(found)
    }
    const timer = setTimeout(() => {
      done()
      reject(
        new Error(`fake Lark: no matching message in ${timeoutMs} ms; sent ${fake.sent.length}`),
      )
    }, timeoutMs)
    const done = () => {
      clearTimeout(timer)
      waiters.delete(check)
    }
    waiters.add(check)
    check()
  })
}

/** Lark carries `content` as a JSON string; tests want to look inside it. */
function parseContent(content: unknown): unknown {
  if (typeof content !== 'string') return content
  try {
    return JSON.parse(content)
  } catch {
    return content
  }
}

/** Just enough multipart parsing to see which file was uploaded and how big it was. */
function parseUpload(contentType: string, raw: Buffer) {
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/)
  const fields: Record<string, string | number> = {}
  if (!boundary) return fields
  const parts = raw.toString('latin1').split(`--${boundary[1] ?? boundary[2]}`)
  for (const part of parts) {
    const split = part.indexOf('\r\n\r\n')
    const name = part.slice(0, split).match(/name="([^"]*)"/)?.[1]
    if (split < 0 || !name) continue
    const value = part.slice(split + 4, part.length - 2) // drop the CRLF before the boundary
    if (name === 'file') fields.size = value.length
    else fields[name] = Buffer.from(value, 'latin1').toString('utf8')
  }
  return fields
}
