import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Config } from '../config'

/** The header the console page sends the key in; its link carries it as `?key=`. */
export const CONSOLE_KEY_HEADER = 'x-console-key'

const REFUSED =
  '对话台需要密钥：请打开启动日志里 chat console 的链接。 The console needs its key: open the chat console URL from the start-up log.\n'

/**
 * The key the console asks for next to a real Lark app, where it acts as the admin of a real
 * tenant: DEV_CONSOLE_SECRET, or one made up at each start. None in local mode, where nothing
 * real can be reached.
 */
export function consoleKey(config: Config): string | undefined {
  if (config.local || !config.devConsole) return undefined
  return config.devConsoleSecret ?? randomBytes(24).toString('base64url')
}

// Digests first: timingSafeEqual needs equal lengths, and the length must not leak either.
const digest = (s: string) => createHash('sha256').update(s).digest()

/** Lets a request through only with the key, from the header or the `key` query parameter. */
export function requireConsoleKey(key: string): MiddlewareHandler {
  const expected = digest(key)
  return async (c, next) => {
    const given = c.req.header(CONSOLE_KEY_HEADER) ?? c.req.query('key') ?? ''
    if (!timingSafeEqual(digest(given), expected)) return c.text(REFUSED, 401)
    await next()
  }
}
