import { createClient } from '@libsql/client/web'
import type { ExecutionContext } from 'hono'
import { handlers } from '../commands'
import { createApp } from './app'
import { parseConfig } from './config'
import { createDeps, type Deps } from './deps'
import { createOutbox, outboxRoutes } from './local/outbox'
import { jobForCron, runJob } from './jobs'
import { consoleLogger } from './log'

type Env = Record<string, string | undefined>

let cached: { env: Env; deps: Deps; app: ReturnType<typeof createApp> } | undefined

/** Workers gives env per request; deps and the app are built once per isolate. */
function appFor(env: Env) {
  if (cached?.env !== env) {
    const config = parseConfig(env)
    const client = createClient({ url: config.database.url, authToken: config.database.authToken })
    const outbox = config.local ? createOutbox((line) => consoleLogger.info(line)) : undefined
    const deps = createDeps(config, client, { lark: outbox?.api })
    const app = createApp(deps, handlers)
    if (outbox) app.route('/dev/outbox', outboxRoutes(outbox))
    cached = { env, deps, app }
  }
  return cached
}

/** Cron triggers from wrangler.toml; src/jobs/schedule.ts says which job each one runs. */
function scheduled(
  controller: { cron: string; scheduledTime: number },
  env: Env,
  ctx: ExecutionContext,
) {
  const { deps } = appFor(env)
  const job = jobForCron(controller.cron)
  if (!job) return deps.log.warn(`no job for cron ${controller.cron}`)
  ctx.waitUntil(runJob(deps, handlers, job, { now: new Date(controller.scheduledTime) }))
}

export default {
  fetch: (req: Request, env: Env, ctx: ExecutionContext) => appFor(env).app.fetch(req, env, ctx),
  scheduled,
}
