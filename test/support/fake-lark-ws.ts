import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { FAKE_BOT_OPEN_ID } from '../../src/local/fake-lark'
import { reachesBot } from '../../src/local/fake-lark-rules'
import { readBody, replyJson } from '../../src/local/http'
import { BOT_MENTION } from './events'
import { CONTROL, DATA, decodeFrame, encodeFrame, type Frame } from './pbbp2'

/** What the client sent back for one push. */
export type Ack = {
  messageId: string
  code: number
  /** The ack's data, decoded: a card action's `{ toast, card }`. */
  data?: any
  ms: number
}

/** What became of one delivery: acked (code 200 within 3 s), or given up after `attempts`. */
export type Delivery = { ack?: Ack; attempts: number; failures: string[] }

export type ClientConfig = {
  PingInterval: number
  ReconnectCount: number
  ReconnectInterval: number
  ReconnectNonce: number
}

export type FakeLarkWs = {
  /** Base URL for LARK_DOMAIN: the long-connection endpoint here, the rest from `openApi`. */
  url: string
  /** Sockets open and pinging now, and handshakes served so far. */
  open(): number
  handshakes: number
  /** Pings with the right service id; a wrong one closes the socket. */
  pings: number
  /** Every ack received, in order, and pushes not acked in time (by message id). */
  acks: Ack[]
  late: string[]
  /** Until `accept()`, the endpoint answers with this code (514 auth failed, …). */
  refuse(code: number, msg: string): void
  accept(): void
  /** Resolves when at least `n` sockets are open. */
  connected(n?: number, timeoutMs?: number): Promise<void>
  /**
   * Lark's delivery of an event: pushed to one open socket at random; without an ack of code
   * 200 within 3 s it is pushed again (to any socket) after `retryMs`, up to `attempts` times.
   * `dropAfterPush`: the socket it went to is cut right after the push, before any ack.
   */
  deliver(payload: object, opts?: DeliverOptions): Promise<Delivery>
  /** Cuts every socket, as a server restart or a network break does. */
  drop(): void
  close(): Promise<void>
}

export type DeliverOptions = {
  attempts?: number
  retryMs?: number
  dropAfterPush?: boolean
  /** Sent in this many fragments (sum/seq headers), as Lark does with large payloads. */
  fragments?: number
}

const ACK_BUDGET_MS = 3000
/** The bot behind the fake OpenAPI (its /bot/v3/info). */
const BOT = { openId: FAKE_BOT_OPEN_ID, name: BOT_MENTION.name }
const MAX_CONNECTIONS = 50

/**
 * Lark's long-connection endpoint, as strict as the real one: POST /callback/ws/endpoint
 * checks AppID and AppSecret and issues a one-use ticket, the WebSocket upgrade is refused
 * without it, frames are pbbp2 (./pbbp2), pings must carry the service id and get a pong with
 * the client config, pushes need an ack with code 200 within 3 s, and at most 50 sockets per
 * app; a group message that does not @ the bot is never pushed. Everything else is proxied to `openApi` (the fake OpenAPI), so one LARK_DOMAIN serves
 * both, as open.feishu.cn does.
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */
export async function startFakeLarkWs(
  openApi: { url: string },
  app: { appId: string; appSecret: string },
  config: Partial<ClientConfig> = {},
): Promise<FakeLarkWs> {
  const clientConfig: ClientConfig = {
    PingInterval: 2,
    ReconnectCount: -1,
    ReconnectInterval: 1,
    ReconnectNonce: 0,
    ...config,
  }
  const serviceId = 4242
  const tickets = new Set<string>()
  const sockets = new Set<WebSocket>()
  const waiters = new Map<string, (ack: Ack) => void>()
  let refusal: { code: number; msg: string } | undefined
  let seq = 0
  const change = new Set<() => void>()

  const fake: FakeLarkWs = {
    url: '',
    open: () => sockets.size,
    handshakes: 0,
    pings: 0,
    acks: [],
    late: [],
    refuse: (code, msg) => (refusal = { code, msg }),
    accept: () => (refusal = undefined),
    connected: (n = 1, timeoutMs = 10_000) => until(() => sockets.size >= n, timeoutMs),
    deliver: (payload, opts = {}) => deliver(payload, opts),
    drop: () => sockets.forEach((s) => s.terminate()),
    close: async () => {
      sockets.forEach((s) => s.terminate())
      wss.close()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }

  function until(ready: () => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => ready() && (done(), resolve())
      const timer = setTimeout(() => (done(), reject(new Error('fake ws: timed out'))), timeoutMs)
      const done = () => (clearTimeout(timer), change.delete(check))
      change.add(check)
      check()
    })
  }
  const changed = () => change.forEach((check) => check())

  async function deliver(payload: object, opts: DeliverOptions): Promise<Delivery> {
    if (!reachesBot(payload, BOT)) {
      throw new Error('Lark never delivers a group message that does not @ the bot')
    }
    const attempts = opts.attempts ?? 4
    const messageId = randomUUID()
    const failures: string[] = []
    for (let attempt = 1; attempt <= attempts; attempt++) {
      await until(() => sockets.size > 0, 10_000)
      const drop = opts.dropAfterPush && attempt === 1
      const ack = await pushOnce([...sockets], messageId, payload, opts, drop)
      if (ack && ack.code === 200 && ack.ms <= ACK_BUDGET_MS)
        return { ack, attempts: attempt, failures }
      failures.push(ack ? `code ${ack.code} after ${ack.ms} ms` : 'no ack within 3 s')
      await new Promise((r) => setTimeout(r, opts.retryMs ?? 200))
    }
    return { attempts, failures }
  }

  /** One push to a random socket; the ack, or undefined when none came within 3 s. */
  function pushOnce(
    open: WebSocket[],
    messageId: string,
    payload: object,
    opts: DeliverOptions,
    drop: boolean | undefined,
  ): Promise<Ack | undefined> {
    const socket = open[Math.floor(Math.random() * open.length)]!
    const bytes = Buffer.from(JSON.stringify(payload))
    const sum = opts.fragments ?? 1
    const size = Math.ceil(bytes.length / sum)
    const started = performance.now()
    const acked = new Promise<Ack | undefined>((resolve) => {
      const timer = setTimeout(() => {
        waiters.delete(messageId)
        fake.late.push(messageId)
        resolve(undefined)
      }, ACK_BUDGET_MS)
      waiters.set(messageId, (ack) => {
        clearTimeout(timer)
        waiters.delete(messageId)
        resolve({ ...ack, ms: performance.now() - started })
      })
    })
    for (let i = 0; i < sum; i++) {
      const headers = {
        type: 'event',
        message_id: messageId,
        sum: String(sum),
        seq: String(i),
        trace_id: randomUUID(),
      }
      const part = bytes.subarray(i * size, (i + 1) * size)
      socket.send(
        encodeFrame({
          SeqID: ++seq,
          LogID: seq,
          service: serviceId,
          method: DATA,
          headers,
          payload: part,
        }),
      )
    }
    if (drop) socket.terminate()
    return acked
  }

  function onFrame(socket: WebSocket, bytes: Buffer) {
    let frame: Frame
    try {
      frame = decodeFrame(bytes)
    } catch {
      return socket.close(1002, 'not a pbbp2 frame')
    }
    if (frame.service !== serviceId) return socket.close(1008, 'wrong service id')
    if (frame.method === CONTROL && frame.headers.type === 'ping') {
      fake.pings++
      // Ready for pushes once it pings: the SDK listens for frames only after its 'open'.
      if (!sockets.has(socket)) (sockets.add(socket), changed())
      const pong = Buffer.from(JSON.stringify(clientConfig))
      const headers = { type: 'pong' }
      return socket.send(encodeFrame({ ...frame, headers, payload: pong }))
    }
    if (frame.method !== DATA) return
    const body = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8'))
    const data = body.data
      ? JSON.parse(Buffer.from(body.data, 'base64').toString('utf8'))
      : undefined
    const ack: Ack = { messageId: frame.headers.message_id!, code: body.code, data, ms: 0 }
    fake.acks.push(ack)
    waiters.get(ack.messageId)?.(ack)
  }

  const wss = new WebSocketServer({ noServer: true })
  const server = createServer(async (req, res) => {
    if (req.method === 'POST' && req.url === '/callback/ws/endpoint') {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}')
      return replyJson(res, 200, endpoint(body))
    }
    await proxy(openApi.url, req, res)
  })
  function endpoint(body: { AppID?: string; AppSecret?: string }) {
    if (refusal) return { ...refusal, data: {} }
    if (body.AppID !== app.appId || body.AppSecret !== app.appSecret) {
      return { code: 514, msg: 'auth failed: app_id or app_secret is wrong', data: {} }
    }
    if (wss.clients.size >= MAX_CONNECTIONS) {
      return { code: 1000040350, msg: 'exceed connection limit', data: {} }
    }
    const ticket = randomUUID()
    tickets.add(ticket)
    const URL = `${fake.url.replace(/^http/, 'ws')}/ws?device_id=${randomUUID()}&service_id=${serviceId}&ticket=${ticket}`
    return { code: 0, msg: 'ok', data: { URL, ClientConfig: clientConfig } }
  }
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const query = new URL(req.url ?? '/', 'http://fake').searchParams
    const ticket = query.get('ticket') ?? ''
    if (!tickets.delete(ticket) || query.get('service_id') !== String(serviceId)) {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\nhandshake-status: 403\r\nhandshake-msg: bad ticket\r\n\r\n',
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      fake.handshakes++
      ws.on('message', (data: Buffer) => onFrame(ws, data))
      ws.on('close', () => (sockets.delete(ws), changed()))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

/** Forwards an OpenAPI call to the fake OpenAPI and its answer back. */
async function proxy(base: string, req: IncomingMessage, res: import('node:http').ServerResponse) {
  const body = req.method === 'GET' ? undefined : await readBody(req)
  const headers = Object.fromEntries(
    Object.entries(req.headers).filter(
      ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
    ),
  ) as Record<string, string>
  const answer = await fetch(`${base}${req.url}`, {
    method: req.method,
    headers,
    body: body && new Uint8Array(body),
  })
  res.writeHead(answer.status, {
    'content-type': answer.headers.get('content-type') ?? 'application/json',
  })
  res.end(Buffer.from(await answer.arrayBuffer()))
}
