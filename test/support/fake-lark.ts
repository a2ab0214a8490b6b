import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody, replyJson } from './http'

export type SentMessage = {
  kind: 'send' | 'reply' | 'update' | 'file'
  receiveIdType?: string
  receiveId?: string
  messageId?: string
  msgType: string
  content: any
  uuid?: string
}

export type FakeLark = {
  /** Base URL; pass it as the SDK Client's `domain`. */
  url: string
  sent: SentMessage[]
  tokenRequests: number
  requests: number
  /** Resolves with the first recorded message matching `pred`, now or when it arrives. */
  waitFor(pred: (m: SentMessage) => boolean, timeoutMs?: number): Promise<SentMessage>
  reset(): void
  close(): Promise<void>
}

export type FakeLarkOptions = { rateLimitEvery?: number }

export const FAKE_TENANT_TOKEN = 't-fake'
type Reply = { status: number; body: object; headers?: Record<string, string> }
const ok = (data?: object): Reply => ({ status: 200, body: { code: 0, msg: 'success', data } })

/**
 * The slice of the Lark OpenAPI the bot uses, over real HTTP so the real SDK is exercised:
 * tenant token, send / reply with uuid de-duplication, card update, file upload, 429s.
 * https://open.feishu.cn/document/server-docs/im-v1/message/create
 */
export async function startFakeLark(opts: FakeLarkOptions = {}): Promise<FakeLark> {
  const waiters = new Set<() => void>()
  let byUuid = new Map<string, string>()
  let ids = 0
  let imRequests = 0

  const fake: FakeLark = {
    url: '',
    sent: [],
    tokenRequests: 0,
    requests: 0,
    waitFor: (pred, timeoutMs = 5000) => waitFor(fake, waiters, pred, timeoutMs),
    reset() {
      Object.assign(fake, { sent: [], tokenRequests: 0, requests: 0 })
      byUuid = new Map()
      ids = imRequests = 0
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
  // Lark answers a repeated uuid with the first message's id and sends nothing new.
  const deliver = (m: SentMessage): Reply => {
    const seen = m.uuid ? byUuid.get(m.uuid) : undefined
    if (seen) return ok({ message_id: seen, msg_type: m.msgType })
    const messageId = `om_fake_${++ids}`
    if (m.uuid) byUuid.set(m.uuid, messageId)
    record(m)
    return ok({ message_id: messageId, msg_type: m.msgType, body: { content: m.content } })
  }

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://fake-lark')
    const path = url.pathname
    const body = await readBody(req)
    if (req.method === 'POST' && path === '/open-apis/auth/v3/tenant_access_token/internal') {
      fake.tokenRequests++
      return {
        status: 200,
        body: { code: 0, msg: 'ok', tenant_access_token: FAKE_TENANT_TOKEN, expire: 7200 },
      }
    }
    if (!path.startsWith('/open-apis/im/'))
      return { status: 404, body: { code: 404, msg: 'not found' } }
    if (opts.rateLimitEvery && ++imRequests % opts.rateLimitEvery === 0) {
      const limited = { code: 99991400, msg: 'request trigger frequency limit' }
      return { status: 429, body: limited, headers: { 'x-ogw-ratelimit-reset': '1' } }
    }
    if (req.headers.authorization !== `Bearer ${FAKE_TENANT_TOKEN}`) {
      return {
        status: 401,
        body: { code: 99991663, msg: 'Invalid access token for authorization' },
      }
    }
    return im(req.method ?? '', path, url.searchParams, req.headers['content-type'] ?? '', body)
  }

  function im(method: string, path: string, query: URLSearchParams, type: string, raw: Buffer) {
    const messageId = path.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)/)?.[1]
    if (method === 'POST' && path === '/open-apis/im/v1/files') {
      const file = parseUpload(type, raw)
      record({ kind: 'file', msgType: 'file', content: file })
      return ok({ file_key: `file_fake_${++ids}` })
    }
    const b = JSON.parse(raw.toString('utf8') || '{}')
    const message = { msgType: b.msg_type, content: parseContent(b.content), uuid: b.uuid }
    if (method === 'POST' && path === '/open-apis/im/v1/messages') {
      const receiveIdType = query.get('receive_id_type') ?? undefined
      return deliver({ kind: 'send', receiveIdType, receiveId: b.receive_id, ...message })
    }
    if (method === 'POST' && messageId && path.endsWith('/reply')) {
      return deliver({ kind: 'reply', messageId, ...message })
    }
    if (method === 'PATCH' && messageId) {
      record({ kind: 'update', messageId, msgType: 'interactive', content: message.content })
      return ok({})
    }
    return { status: 404, body: { code: 404, msg: `no fake for ${method} ${path}` } }
  }

  const server = createServer((req, res) => {
    fake.requests++
    route(req).then(
      (r) => send(res, r),
      (err: Error) => send(res, { status: 500, body: { code: 500, msg: err.message } }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
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

function send(res: ServerResponse, r: Reply) {
  replyJson(res, r.status, r.body, r.headers)
}
