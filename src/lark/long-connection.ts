import * as lark from '@larksuiteoapi/node-sdk'
import type { Clock } from '../domain/week'
import type { Logger } from '../log'

export type LinkStatus = { connected: boolean; since: string }

export type LongConnection = {
  /** Up or not, and since when (ISO); for /healthz. */
  status(): LinkStatus
  close(): void
}

export type LongConnectionOptions = {
  appId: string
  appSecret: string
  domain: string
  log: Logger
  clock: Clock
  /** One pushed payload (the JSON a webhook would get); what it resolves to goes back to Lark. */
  onPush(payload: unknown): Promise<object>
}

/** After the SDK gives up, the first wait before starting again; it doubles up to 5 min. */
const FIRST_RETRY_MS = 1000
const MAX_RETRY_MS = 5 * 60_000

/**
 * The SDK's dispatcher, but every push goes to one function with the payload as Lark sent it:
 * the SDK's own `invoke` flattens header and event into one object.
 */
class PushDispatcher extends lark.EventDispatcher {
  constructor(
    private readonly push: (payload: unknown) => Promise<object>,
    logger: lark.Logger,
  ) {
    super({ logger, loggerLevel: lark.LoggerLevel.warn })
  }
  override invoke(data: unknown) {
    return this.push(data)
  }
}

/**
 * 使用长连接接收事件 / 回调: the SDK's WSClient asks /callback/ws/endpoint for a socket with the
 * app's id and secret, answers pings, honours the server's reconnect settings (count, interval,
 * random nonce) and sends each push's ack after `onPush` resolves, with its result as the ack's
 * data (a card action's toast or card). When the SDK gives up (the endpoint refused the app, or
 * the server's reconnect count ran out) this starts it again after a doubling wait, so the bot
 * stays connected for as long as it runs.
 * https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case
 */
export function openLongConnection(opts: LongConnectionOptions): LongConnection {
  const { log, clock } = opts
  let state: LinkStatus = { connected: false, since: clock().toISOString() }
  let retryMs = FIRST_RETRY_MS
  let retry: NodeJS.Timeout | undefined
  const mark = (connected: boolean) => {
    if (connected !== state.connected) state = { connected, since: clock().toISOString() }
  }
  const up = (line: string) => () => {
    mark(true)
    retryMs = FIRST_RETRY_MS
    log.info(line)
  }
  const client = new lark.WSClient({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    logger: sdkLogger(log),
    loggerLevel: lark.LoggerLevel.warn,
    // A socket that goes quiet after a ping is dead: start again rather than wait for TCP.
    wsConfig: { pingTimeout: 15 },
    handshakeTimeoutMs: 15_000,
    onReady: up('long connection to Lark: connected'),
    onReconnected: up('long connection to Lark: connected again'),
    onReconnecting: () => {
      mark(false)
      log.warn('long connection to Lark: dropped, reconnecting')
    },
    onError: (err) => {
      mark(false)
      log.error(`long connection to Lark failed (${err.message}); again in ${retryMs / 1000} s`)
      retry = setTimeout(() => void client.start({ eventDispatcher }), retryMs)
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS)
    },
  })
  const eventDispatcher = new PushDispatcher(async (payload) => {
    try {
      return await opts.onPush(payload)
    } catch (err) {
      // The SDK acks with code 500, so Lark pushes it again; say why here.
      log.error('a pushed event failed before it was stored', err)
      throw err
    }
  }, sdkLogger(log))
  void client.start({ eventDispatcher })
  return {
    status: () => state,
    close() {
      clearTimeout(retry)
      client.close({ force: true })
      mark(false)
    },
  }
}

/** The SDK logs arrays of parts; warnings and errors go to ours, its chatter does not. */
function sdkLogger(log: Logger): lark.Logger {
  const line = (parts: unknown[]) => parts.map(String).join(' ')
  const quiet = () => {}
  return {
    error: (...parts) => log.error(line(parts)),
    warn: (...parts) => log.warn(line(parts)),
    info: quiet,
    debug: quiet,
    trace: quiet,
  }
}
