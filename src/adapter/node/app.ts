import type { Handlers } from '../../handlers'
import { createApp, type AppOptions } from '../../app'
import type { Deps } from '../../deps'
import { mountDevConsole } from '../../dev/mount'
import { outboxRoutes, type Outbox } from '../../local/outbox'
import type { Runner } from './runner'

export const DEV_CONSOLE_PATH = '/dev'

/**
 * The Node server's app: the shared one, plus the local outbox in local mode and the chat
 * console when the configuration asks for it (local mode or DEV_CONSOLE=1; next to a real Lark
 * app only behind `consoleKey`, see src/dev/console-key.ts).
 */
export function createNodeApp(
  deps: Deps,
  handlers: Handlers,
  local: { outbox?: Outbox; runner: Runner; consoleKey?: string } & AppOptions,
) {
  const app = createApp(() => deps, handlers, { link: local.link })
  const { outbox, runner, consoleKey: key } = local
  if (outbox && deps.config.local) app.route('/dev/outbox', outboxRoutes(outbox))
  if (outbox && deps.config.devConsole) {
    mountDevConsole(app, deps, handlers, { outbox, runner, key })
  }
  return app
}
