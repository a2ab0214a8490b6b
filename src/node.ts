import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { handlers } from '../commands'
import { createNodeApp, DEV_CONSOLE_PATH } from './adapter/node/app'
import { startSchedules } from './adapter/node/cron'
import { createNodeDeps } from './adapter/node/deps'
import { createRunner } from './adapter/node/runner'
import { exitOnSignals } from './adapter/node/shutdown'
import type { Config } from './config'
import { consoleKey } from './dev/console-key'
import { ConfigError } from './errors'
import { startLongConnection } from './intake/long-connection'
import { finishLeftovers } from './jobs/sweep'

/** Node entry: the same app, embedded defaults (file database, in-process KV, local outbox). */
async function main() {
  const { deps, outbox } = await createNodeDeps(process.env)
  const { config } = deps
  const runner = createRunner()
  const defer = (work: Promise<unknown>) =>
    runner.waitUntil(work.catch((err: unknown) => deps.log.error('after-ack work failed', err)))
  const link =
    config.lark.transport === 'long-connection'
      ? startLongConnection(deps, handlers, defer)
      : undefined
  const key = consoleKey(config)
  const app = createNodeApp(deps, handlers, { outbox, runner, consoleKey: key, link: link?.status })
  const schedules = startSchedules(deps, handlers)
  runner.waitUntil(
    finishLeftovers(deps, handlers.commands).then(
      (n) => n > 0 && deps.log.info(`finished ${n} messages the last run left`),
      (err: unknown) => deps.log.error('finishing the last run’s messages failed', err),
    ),
  )
  const server = serve(
    { fetch: (req) => app.fetch(req, {}, runner), port: config.port, hostname: config.host },
    (info) => startUpLines(config, info, key).forEach((line) => console.log(line)),
  )
  exitOnSignals(
    {
      stop: () => {
        schedules.stop()
        link?.close()
        return new Promise((resolve) => server.close(() => resolve()))
      },
      idle: () => runner.idle(),
      close: () => deps.database.close(),
    },
    deps.log,
  )
}

const TRANSPORT_LINES = {
  'long-connection':
    'events: over the long connection (长连接; no public URL needed; LARK_TRANSPORT=webhook for a request URL)',
  webhook: 'events: POST /lark/webhook (请求地址; LARK_TRANSPORT=long-connection for none)',
}

/** Where the server listens, and the console's link with its key (printed only here). */
function startUpLines(config: Config, info: AddressInfo, key: string | undefined) {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
  const base = `http://${host}:${info.port}`
  const mode = config.local ? 'local mode: outbox at /dev/outbox' : `Lark ${config.lark.domain}`
  const lines = [`tally bot listening on ${base} (${mode})`]
  if (!config.local) lines.push(TRANSPORT_LINES[config.lark.transport])
  if (config.devConsole) {
    // A key the operator chose stays out of the log; a made-up one is only ever shown here.
    const shown = config.devConsoleSecret ? '<DEV_CONSOLE_SECRET>' : key
    lines.push(`chat console: ${base}${DEV_CONSOLE_PATH}${shown ? `?key=${shown}` : ''}`)
  }
  return lines
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
})
