import { createClient } from '@libsql/client/web'
import type { ExecutionContext } from 'hono'
import { handlers } from '../commands'
import { createRequestDatabase } from '../db/client'
import { createApp } from './app'
import { parseConfig, type Config } from './config'
import { createDeps } from './create-deps'
import type { Deps } from './deps'
import { ConfigError } from './errors'
import { jobForCron, runJob } from './jobs'
import { consoleLogger } from './log'

type Env = Record<string, string | undefined>

/** Settings Lark needs before the Worker can answer or send anything. */
const REQUIRED = ['LARK_APP_ID', 'LARK_APP_SECRET', 'LARK_VERIFICATION_TOKEN', 'LARK_ENCRYPT_KEY']

/**
 * The parsed environment, kept per isolate: it is plain data, never a promise or a connection.
 * On Workers the bot runs only as a real Lark app: a missing secret is a configuration error,
 * never local mode (which would accept events signed with the public local key).
 */
let parsed: { env: Env; config: Config } | undefined
function configOf(env: Env): Config {
  if (parsed?.env !== env) {
    const missing = REQUIRED.filter((name) => !env[name]?.trim())
    if (env.LARK_TRANSPORT === 'long-connection') {
      throw new ConfigError('invalid environment: a Worker receives events by webhook only')
    }
    if (missing.length > 0) {
      throw new ConfigError(`invalid environment: the Worker needs ${missing.join(', ')}`)
    }
    parsed = { env, config: parseConfig(env) }
  }
  return parsed.config
}

/**
 * Everything a request uses is its own: workerd cancels the continuations of a promise that
 * one request resolves for another, so no client, queue, timer or pending promise is shared.
 * Building them costs no round trip (the libSQL client opens its stream on first use).
 */
function requestDeps(env: Env): Deps {
  const config = configOf(env)
  const client = createClient({ url: config.database.url, authToken: config.database.authToken })
  return createDeps(config, client, {
    database: createRequestDatabase(client),
    subrequests: config.subrequestBudget,
  })
}

const app = createApp((c) => (c.env as { deps: Deps }).deps, handlers)

function fetch(req: Request, env: Env, ctx: ExecutionContext) {
  let deps: Deps
  try {
    deps = requestDeps(env)
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err
    consoleLogger.error(err.message)
    return Response.json({ error: 'the bot is not configured' }, { status: 500 })
  }
  return app.fetch(req, { deps }, ctx)
}

/** Cron triggers from wrangler.toml; src/jobs/schedule.ts says which job each one runs. */
function scheduled(
  controller: { cron: string; scheduledTime: number },
  env: Env,
  ctx: ExecutionContext,
) {
  const deps = requestDeps(env)
  const job = jobForCron(controller.cron)
  if (!job) return deps.log.warn(`no job for cron ${controller.cron}`)
  ctx.waitUntil(runJob(deps, handlers, job, { now: new Date(controller.scheduledTime) }))
}

export default { fetch, scheduled }
