import { afterEach } from 'vitest'
import { serve } from '@hono/node-server'
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handlers } from '../../commands'
import { createNodeApp } from '../../src/adapter/node/app'
import { createNodeDeps } from '../../src/adapter/node/deps'
import { createRunner } from '../../src/adapter/node/runner'
import { CONSOLE_KEY_HEADER, consoleKey } from '../../src/dev/console-key'
import { silentLogger } from '../../src/log'

export const CONSOLE_ADMIN = 'ou_console_admin'

/**
 * The Node server's app (console included when configured) on a fresh migrated database; `call`
 * sends the console's key when there is one.
 */
export async function createConsoleApp(opts: { env?: Record<string, string>; now?: Date } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tally-console-'))
  const now = opts.now
  const { deps, outbox } = await createNodeDeps(
    { DATABASE_URL: `file:${join(dir, 'tally.db')}`, ADMIN_OPEN_IDS: CONSOLE_ADMIN, ...opts.env },
    { log: silentLogger, ...(now ? { clock: () => now } : {}) },
  )
  const runner = createRunner()
  // As the Node entry does: none in local mode, DEV_CONSOLE_SECRET or a made-up one next to Lark.
  const key = consoleKey(deps.config)
  const app = createNodeApp(deps, handlers, { outbox, runner, consoleKey: key })
  const keyHeader: Record<string, string> = key ? { [CONSOLE_KEY_HEADER]: key } : {}
  const call = async (path: string, body?: object) => {
    const init = body
      ? {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { ...keyHeader, 'content-type': 'application/json' },
        }
      : { headers: keyHeader }
    const res = await app.request(path, init, {}, runner)
    return { status: res.status, body: (await res.json()) as any }
  }
  return {
    app,
    key,
    deps,
    runner,
    call,
    async close() {
      await runner.idle()
      deps.database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The same app listening on a free port, for a browser. */
export async function listen(consoleApp: Awaited<ReturnType<typeof createConsoleApp>>) {
  const server = serve({
    fetch: (req) => consoleApp.app.fetch(req, {}, consoleApp.runner),
    port: 0,
    hostname: '127.0.0.1',
  })
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

/** createConsoleApp for a test file: every app a test makes is closed after it. */
export function consoleApps() {
  let open: Array<{ close(): Promise<void> }> = []
  afterEach(async () => {
    await Promise.all(open.map((o) => o.close()))
    open = []
  })
  return async (env: Record<string, string> = {}) => {
    const made = await createConsoleApp({ env })
    open.push(made)
    return made
  }
}
