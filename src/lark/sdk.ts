import * as lark from '@larksuiteoapi/node-sdk'
import type { Kv } from '../kv'
import type { Logger } from '../log'
import { larkFileType, type LarkApi, type Sent } from './outbound'

export type SdkOptions = { appId: string; appSecret: string; domain: string; kv: Kv; log: Logger }

const RATE_LIMITED = 99991400
const MAX_TRIES = 4

/**
 * The OpenAPI through the official SDK. The tenant token lives in the shared KV so every
 * Worker isolate uses one token (https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal).
 */
export function createSdkLark(opts: SdkOptions): LarkApi {
  const client = new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    domain: opts.domain,
    // The SDK logs every failed call, 429s included, with the whole HTTP error; we retry those
    // and log one line per final failure ourselves, so its own logging stays quiet.
    logger: quietLogger,
    cache: kvTokenCache(opts.kv),
  })
  shareTokenFetches(client)
  const call = (what: string, fn: () => Promise<{ code?: number; msg?: string }>) =>
    withRateLimitRetry(fn).then(
      (res): Sent => {
        if (!res.code) return 'sent'
        opts.log.warn(`lark ${what} failed: code ${res.code} ${res.msg ?? ''}`)
        return 'retry'
      },
      (err: unknown): Sent => {
        opts.log.warn(`lark ${what} failed: ${describe(err)}`)
        return 'retry'
      },
    )
  return {
    reply: (messageId, card, uuid) =>
      call('reply', () =>
        client.im.v1.message.reply({
          path: { message_id: messageId },
          data: { msg_type: 'interactive', content: JSON.stringify(card), uuid },
        }),
      ),
    send: (to, card, uuid) =>
      call('send', () =>
        client.im.v1.message.create({
          params: { receive_id_type: to.type },
          data: { receive_id: to.id, msg_type: 'interactive', content: JSON.stringify(card), uuid },
        }),
      ),
    uploadFile: async (name, bytes) => {
      let fileKey: string | null = null
      const uploaded = await call('file upload', async () => {
        const data = await client.im.v1.file.create({
          data: { file_type: larkFileType(name), file_name: name, file: Buffer.from(bytes) },
        })
        fileKey = data?.file_key ?? null
        return fileKey ? {} : { code: -1, msg: 'no file_key in the answer' }
      })
      return uploaded === 'sent' ? fileKey : null
    },
    sendFile: (to, fileKey, uuid) =>
      call('file send', () =>
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

const quiet = () => undefined
const quietLogger = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet }

function kvTokenCache(kv: Kv) {
  const keyOf = (key: string | Symbol, ns?: string) => `lark:cache:${ns ?? ''}:${key.toString()}`
  return {
    async get(key: string | Symbol, options?: { namespace?: string }) {
      const raw = await kv.get(keyOf(key, options?.namespace))
      return raw === null ? undefined : JSON.parse(raw)
    },
    async set(
      key: string | Symbol,
      value: unknown,
      expire?: number,
      options?: { namespace?: string },
    ) {
      const ttlSec = expire ? Math.max(1, Math.floor((expire - Date.now()) / 1000)) : undefined
      return kv.set(keyOf(key, options?.namespace), JSON.stringify(value), { ttlSec })
    },
  }
}

type HttpFailure = {
  response?: {
    status?: number
    headers?: Record<string, unknown>
    data?: { code?: number; msg?: string }
  }
}

/** Lark answers over-limit calls with HTTP 429 / code 99991400 and says when to come back. */
export async function withRateLimitRetry<T>(
  fn: () => Promise<T>,
  sleep = defaultSleep,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (err) {
      const res = (err as HttpFailure).response
      const limited = res?.status === 429 || res?.data?.code === RATE_LIMITED
      if (!limited || attempt >= MAX_TRIES) throw err
      const reset = Number(res?.headers?.['x-ogw-ratelimit-reset'])
      await sleep(Number.isFinite(reset) && reset > 0 ? Math.min(reset, 10) * 1000 : 1000 * attempt)
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

function describe(err: unknown): string {
  const res = (err as HttpFailure).response
  if (res) return `HTTP ${res.status} code ${res.data?.code ?? '?'} ${res.data?.msg ?? ''}`.trim()
  return err instanceof Error ? err.message : String(err)
}
