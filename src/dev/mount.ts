import type { Hono } from 'hono'
import type { Deps } from '../deps'
import { createOutbox, type Outbox } from '../lark/outbound'
import type { Runner } from '../runner'
import { devConsole } from './console'
import { createConsoleSession, type Deliver } from './session'

/**
 * Mounts the console at /dev (the page at /dev, its API under /dev/api). Its messages go to /lark/webhook of this very app, signed and
 * encrypted like Lark's, and it waits for the deferred replies before reading the outbox.
 */
export function mountDevConsole(app: Hono, deps: Deps, runner: Runner) {
  app.route('/dev', devConsole(deps, consoleSession(app, deps, runner)))
}

/** A console session talking to `app`'s webhook; `npm run demo` uses one too. */
export function consoleSession(app: Hono, deps: Deps, runner: Runner) {
  const outbox = deps.outbox ?? keepCopies(deps)
  const deliver: Deliver = async (body, headers) => {
    const res = await app.request('/lark/webhook', { method: 'POST', body, headers }, {}, runner)
    await runner.idle()
    return res
  }
  return createConsoleSession(deps, outbox, deliver)
}

/**
 * DEV_CONSOLE=1 next to a real Lark app: cards still go to Lark, and the console keeps a copy
 * of each so it can show them.
 */
function keepCopies(deps: Deps): Outbox {
  const copies = createOutbox((line) => deps.log.info(line))
  const real = deps.lark
  // The SDK adapter is a plain object: spreading it keeps whatever else it can do.
  deps.lark = {
    ...real,
    async reply(messageId, card, uuid) {
      await copies.api.reply(messageId, card, uuid)
      return real.reply(messageId, card, uuid)
    },
    async send(to, card, uuid) {
      await copies.api.send(to, card, uuid)
      return real.send(to, card, uuid)
    },
  }
  return copies
}
