import { serve } from '@hono/node-server'
import { createApp } from './app'
import { ConfigError } from './config'
import { createNodeDeps } from './node-deps'
import { createRunner } from './runner'

/** Node entry: the same app, embedded defaults (file database, in-process KV, local outbox). */
async function main() {
  const deps = await createNodeDeps(process.env)
  const { config } = deps
  const app = createApp(deps)
  const runner = createRunner()
  const server = serve(
    { fetch: (req) => app.fetch(req, {}, runner), port: config.port },
    (info) => {
      const mode = config.local ? 'local mode: outbox at /dev/outbox' : `Lark ${config.lark.domain}`
      console.log(`tally bot listening on http://localhost:${info.port} (${mode})`)
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
