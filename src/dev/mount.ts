import type { ExecutionContext, Hono } from 'hono'
import type { Handlers } from '../handlers'
import type { Deps } from '../deps'
import { devConsole } from './console'
import type { Outbox } from '../local/outbox'
import { createConsoleSession, type Deliver } from './session'

/** The Node server's runner (src/adapter/node/runner.ts): its waitUntil, and when it is idle. */
type Runner = ExecutionContext & { idle(): Promise<void> }
type Local = { outbox: Outbox; runner: Runner }

/**
 * Mounts the console at /dev (the page at /dev, its API under /dev/api), behind `key` when one
 * is given. Its messages go to /lark/webhook of this very app, signed and encrypted like Lark's,
 * and it waits for the deferred replies before reading the outbox.
 */
export function mountDevConsole(
  app: Hono,
  deps: Deps,
  handlers: Handlers,
  local: Local & { key?: string },
) {
  // Next to a real Lark app an open console would let anyone who reaches the port act as admin.
  if (!deps.config.local && !local.key) throw new Error('the console next to Lark needs a key')
  app.route('/dev', devConsole(deps, handlers, consoleSession(app, deps, local), local.key))
}

/** A console session talking to `app`'s webhook; `npm run demo` uses one too. */
export function consoleSession(app: Hono, deps: Deps, { outbox, runner }: Local) {
  const deliver: Deliver = async (body, headers) => {
    const res = await app.request('/lark/webhook', { method: 'POST', body, headers }, {}, runner)
    await runner.idle()
    return res
  }
  return createConsoleSession(deps, outbox, deliver)
}
