import { execFile } from 'node:child_process'
import { connect, type Socket } from 'node:net'
import { promisify } from 'node:util'

export const REDIS_PORT = 6379
const REDIS_HOST = '127.0.0.1'

/** A Redis error reply, kept as a value so one failed command in a batch doesn't hide the rest. */
export class RespError extends Error {
  override name = 'RespError'
}
export type RespValue = string | number | null | RespError | RespValue[]

/** A minimal RESP2 client: enough to forward the commands @upstash/redis sends. */
export type RespClient = {
  /** Writes all commands at once, so a MULTI…EXEC batch is never interleaved with another. */
  batch(commands: Array<Array<string | number>>): Promise<RespValue[]>
  close(): void
}

export function connectRedis(port = REDIS_PORT): Promise<RespClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, REDIS_HOST)
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.off('error', reject)
      resolve(respClient(socket))
    })
  })
}

function respClient(socket: Socket): RespClient {
  const waiting: Array<{ resolve(v: RespValue): void; reject(e: Error): void }> = []
  let buffer = Buffer.alloc(0)
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk])
    for (let parsed = parseReply(buffer, 0); parsed; parsed = parseReply(buffer, 0)) {
      buffer = buffer.subarray(parsed.next)
      waiting.shift()?.resolve(parsed.value)
    }
  })
  socket.on('error', (err) => waiting.splice(0).forEach((w) => w.reject(err)))
  return {
    batch(commands) {
      const replies = commands.map(
        () => new Promise<RespValue>((resolve, reject) => waiting.push({ resolve, reject })),
      )
      socket.write(Buffer.concat(commands.map(encodeCommand)))
      return Promise.all(replies)
    },
    close: () => socket.destroy(),
  }
}

function encodeCommand(args: Array<string | number>): Buffer {
  const parts = args.map((a) => Buffer.from(String(a), 'utf8'))
  const head = `*${parts.length}\r\n`
  return Buffer.concat([
    Buffer.from(head),
    ...parts.flatMap((p) => [Buffer.from(`$${p.length}\r\n`), p, Buffer.from('\r\n')]),
  ])
}

/** Parses one reply at `at`; undefined until the whole reply has arrived. */
function parseReply(buf: Buffer, at: number): { value: RespValue; next: number } | undefined {
  const eol = buf.indexOf('\r\n', at)
  if (eol < 0) return undefined
  const line = buf.toString('utf8', at + 1, eol)
  const next = eol + 2
  switch (String.fromCharCode(buf[at]!)) {
    case '+':
      return { value: line, next }
    case '-':
      return { value: new RespError(line), next }
    case ':':
      return { value: Number(line), next }
    case '$': {
      const len = Number(line)
      if (len < 0) return { value: null, next }
      if (buf.length < next + len + 2) return undefined
      return { value: buf.toString('utf8', next, next + len), next: next + len + 2 }
    }
    case '*': {
      const count = Number(line)
      if (count < 0) return { value: null, next }
      const items: RespValue[] = []
      let pos = next
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos)
        if (!item) return undefined
        items.push(item.value)
        pos = item.next
      }
      return { value: items, next: pos }
    }
    default:
      throw new Error(`unexpected RESP reply type in ${JSON.stringify(line)}`)
  }
}

async function ping(): Promise<boolean> {
  try {
    const client = await connectRedis()
    const [reply] = await client.batch([['PING']])
    client.close()
    return reply === 'PONG'
  } catch {
    return false
  }
}

/** Makes sure a throwaway Redis answers on 127.0.0.1:6379, starting one if nothing listens. */
export async function ensureRedis(): Promise<void> {
  if (await ping()) return
  // Daemonized so it outlives the test worker; no persistence, it holds only test keys.
  const args = ['--daemonize', 'yes', '--bind', REDIS_HOST, '--port', String(REDIS_PORT)]
  await promisify(execFile)('redis-server', [...args, '--save', '', '--appendonly', 'no'])
  for (let i = 0; i < 50; i++) {
    if (await ping()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`redis-server did not answer on ${REDIS_HOST}:${REDIS_PORT}`)
}
