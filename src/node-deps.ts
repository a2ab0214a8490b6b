import { createClient } from '@libsql/client'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrateDatabase } from '../db/migrate'
import { parseConfig } from './config'
import { createDeps, type DepsOptions } from './deps'

/**
 * Node's side of the composition root, shared by the server and the CLI scripts: parse the
 * environment, open (and create) the database, apply migrations, build deps.
 */
export async function createNodeDeps(
  env: Record<string, string | undefined>,
  options: DepsOptions = {},
) {
  const config = parseConfig(env)
  if (config.database.url.startsWith('file:')) {
    mkdirSync(dirname(config.database.url.slice('file:'.length)), { recursive: true })
  }
  const client = createClient({ url: config.database.url, authToken: config.database.authToken })
  await migrateDatabase(client)
  return createDeps(config, client, options)
}
