import type { Handlers } from '../../../commands/registry'
import { createApp } from '../../app'
import type { Deps } from '../../deps'
import { mountDevConsole } from '../../dev/mount'
import { outboxRoutes, type Outbox } from '../../local/outbox'
import type { Runner } from './runner'

export const DEV_CONSOLE_PATH = '/dev'

/**
 * The Node server's app: the shared one, plus the local outbox in local mode and the chat
 * console when the configuration asks for it (local mode or DEV_CONSOLE=1).
 */
export function createNodeApp(
  deps: Deps,
  handlers: Handlers,
  local: { outbox?: Outbox; runner: Runner },
) {
  const app = createApp(deps, handlers)
  const { outbox, runner } = local
  if (outbox && deps.config.local) app.route('/dev/outbox', outboxRoutes(outbox))
  if (outbox && deps.config.devConsole) mountDevConsole(app, deps, handlers, { outbox, runner })
  return app
}
