import { createApp } from './app'
import type { Deps } from './deps'
import { mountDevConsole } from './dev/mount'
import type { Runner } from './runner'

export const DEV_CONSOLE_PATH = '/dev'

/**
 * The Node server's app: the shared one, plus the local chat console when the configuration
 * asks for it (local mode or DEV_CONSOLE=1). The Workers entry never imports this file.
 */
export function createNodeApp(deps: Deps, runner: Runner) {
  const app = createApp(deps)
  if (deps.config.devConsole) mountDevConsole(app, deps, runner)
  return app
}
