import { serve } from '@hono/node-server'
import { createClient } from '@libsql/client'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrateDatabase } from '../db/migrate'
import { createApp } from './app'
import { ConfigError, parseConfig } from './config'
import { createDeps } from './deps'
import { createRunner } from './runner'

/** Node entry: the same app, embedded defaults (file database, in-process KV, local outbox). */
async function main() {
  const config = parseConfig(process.env)
  if (config.database.url.startsWith('file:')) {
    mkdirSync(dirname(config.database.url.slice('file:'.length)), { recursive: true })
  }
  const client = createClient({ url: config.database.url, authToken: config.database.authToken })
  await migrateDatabase(client)
  const deps = createDeps(config, client)
  const app = createApp(deps)
  const runner = createRunner()
  const server = serve(
    { fetch: (req) => app.fetch(req, {}, runner), port: config.port },
    (info) => {
      console.log(
        `tally bot listening on http://localhost:${info.port} (${config.local ? 'local mode: outbox at /dev/outbox' : `Lark ${config.lark.domain}`})`,
      )
    },
  )
  const stop = () => {
    server.close()
    void runner.idle().then(() => {
      deps.database.close()
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
