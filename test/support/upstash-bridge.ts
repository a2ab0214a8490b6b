import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connectRedis, RespError, type RespClient, type RespValue } from './redis'
import { readBody, replyJson } from '../../src/local/http'

export type UpstashBridge = { url: string; token: string; close(): Promise<void> }
type Command = Array<string | number>

/**
 * Speaks Upstash's REST protocol (https://upstash.com/docs/redis/features/restapi) in front of the
 * real local Redis, so the Upstash adapter is tested end to end through the real @upstash/redis.
 * Only the POST forms the client uses: `/` (one command), `/pipeline` and `/multi-exec`.
 */
export async function startUpstashBridge(): Promise<UpstashBridge> {
  const token = randomUUID()
  const redis = await connectRedis()
  const server = createServer((req, res) => {
    handle(req, res, redis, token).catch((err: Error) =>
      replyJson(res, 500, { error: err.message }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      redis.close()
    },
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, redis: RespClient, token: string) {
  if (req.headers.authorization !== `Bearer ${token}`)
    return replyJson(res, 401, { error: 'Unauthorized' })
  const body: unknown = JSON.parse((await readBody(req)).toString('utf8'))
  // @upstash/redis asks for base64 by default so that binary-unsafe values survive JSON.
  const base64 = String(req.headers['upstash-encoding']).toLowerCase() === 'base64'
  const encode = (v: RespValue) => toJson(v, base64)
  const path = new URL(req.url ?? '/', 'http://bridge').pathname

  if (path === '/') {
    const [result] = await redis.batch([body as Command])
    if (result instanceof RespError) return replyJson(res, 400, { error: result.message })
    return replyJson(res, 200, { result: encode(result!) })
  }
  const commands = body as Command[]
  if (path === '/pipeline') {
    return replyJson(res, 200, (await redis.batch(commands)).map(entry(encode)))
  }
  if (path === '/multi-exec') {
    const replies = await redis.batch([['MULTI'], ...commands, ['EXEC']])
    const exec = replies.at(-1)
    // A command rejected while queueing makes EXEC fail with EXECABORT; report it as Upstash does.
    if (!Array.isArray(exec)) return replyJson(res, 400, { error: errorText(replies) })
    return replyJson(res, 200, exec.map(entry(encode)))
  }
  return replyJson(res, 404, { error: `unknown path ${path}` })
}

const entry = (encode: (v: RespValue) => unknown) => (v: RespValue) =>
  v instanceof RespError ? { error: v.message } : { result: encode(v) }

function errorText(replies: RespValue[]): string {
  const errors = replies.filter((r): r is RespError => r instanceof RespError)
  return errors.map((e) => e.message).join('; ') || 'EXEC failed'
}

/** The client's decoder leaves "OK" as is and base64-decodes every other string. */
function toJson(v: RespValue, base64: boolean): unknown {
  if (Array.isArray(v)) return v.map((item) => toJson(item, base64))
  if (typeof v === 'string' && base64 && v !== 'OK') return Buffer.from(v).toString('base64')
  return v instanceof RespError ? v.message : v
}
