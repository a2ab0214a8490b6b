import { serve } from '@hono/node-server'
import { handlers } from '../commands'
import { createNodeApp, DEV_CONSOLE_PATH } from './adapter/node/app'
import { startSchedules } from './adapter/node/cron'
import { createNodeDeps } from './adapter/node/deps'
import { createRunner } from './adapter/node/runner'
import { ConfigError } from './errors'
import { finishLeftovers } from './webhook/sweep'

/** Node entry: the same app, embedded defaults (file database, in-process KV, local outbox). */
async function main() {
  const { deps, outbox } = await createNodeDeps(process.env)
  const { config } = deps
  const runner = createRunner()
  const app = createNodeApp(deps, handlers, { outbox, runner })
  const schedules = startSchedules(deps, handlers)
  void finishLeftovers(deps, handlers.commands).then(
    (n) => n > 0 && deps.log.info(`finished ${n} messages the last run left`),
    (err: unknown) => deps.log.error('finishing the last run’s messages failed', err),
  )
  const server = serve(
    { fetch: (req) => app.fetch(req, {}, runner), port: config.port },
    (info) => {
      const mode = config.local ? 'local mode: outbox at /dev/outbox' : `Lark ${config.lark.domain}`
      console.log(`tally bot listening on http://localhost:${info.port} (${mode})`)
      if (config.devConsole) {
        console.log(`chat console: http://localhost:${info.port}${DEV_CONSOLE_PATH}`)
      }
    },
  )
  const stop = () => {
    schedules.stop()
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
