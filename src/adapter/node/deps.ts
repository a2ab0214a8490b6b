import { createClient } from '@libsql/client'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { BUSY_WAIT_MS } from '../../../db/client'
import { createEmbeddedClient } from '../../../db/embedded'
import { migrateDatabase } from '../../../db/migrate'
import { parseConfig } from '../../config'
import { createDeps } from '../../create-deps'
import type { Deps, DepsOptions } from '../../deps'
import { createOutbox, withCopies, type Outbox } from '../../local/outbox'
import { consoleLogger } from '../../log'

export type NodeDeps = {
  deps: Deps
  /** What was sent: every card in local mode, a copy of each with the console on a real app. */
  outbox?: Outbox
}

/**
 * Node's side of the composition root, shared by the server and the CLI scripts: parse the
 * environment, open (and create) the database, apply migrations, build deps.
 */
export async function createNodeDeps(
  env: Record<string, string | undefined>,
  options: DepsOptions = {},
): Promise<NodeDeps> {
  const config = parseConfig(env)
  if (config.database.url.startsWith('file:')) {
    mkdirSync(dirname(config.database.url.slice('file:'.length)), { recursive: true })
  }
  const { url, authToken } = config.database
  // Another writer (a CLI, a second server during a deploy) makes a write wait, not fail: briefly
  // in libSQL, then in the write queue up to DATABASE_BUSY_TIMEOUT_MS (db/client.ts).
  const client = url.startsWith('file:')
    ? createEmbeddedClient({ url, timeout: BUSY_WAIT_MS })
    : createClient({ url, authToken, timeout: BUSY_WAIT_MS })
  await migrateDatabase(client)
  const log = options.log ?? consoleLogger
  const outbox = config.devConsole ? createOutbox((line) => log.info(line)) : undefined
  if (!outbox || config.local) {
    return { deps: createDeps(config, client, { lark: outbox?.api, ...options, log }), outbox }
  }
  const deps = createDeps(config, client, { ...options, log })
  const lark = withCopies(deps.lark, outbox)
  return { deps: Object.freeze({ ...deps, lark }), outbox }
}
