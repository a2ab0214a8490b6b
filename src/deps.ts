import type { Client } from '@libsql/client'
import { createDatabase, type Database } from '../db/client'
import type { Config } from './config'
import { ConfigError } from './errors'
import { systemClock, type Clock } from './domain/week'
import { createMemoryKv, createUpstashKv, type Kv } from './kv'
import { withPlainMentions } from './delivery/fallbacks'
import type { LarkApi } from './lark/outbound'
import { createSdkLark } from './lark/sdk'
import { consoleLogger, type Logger } from './log'

/** The services everything below the entries receives; read-only once built. */
export type Deps = Readonly<{
  config: Config
  database: Database
  kv: Kv
  lark: LarkApi
  clock: Clock
  log: Logger
  /**
   * How many outbound requests (database, KV, Lark) one invocation may make: Workers count
   * them (50 on the Free plan), so long work is cut into slices that fit; Infinity on Node.
   */
  subrequests: number
}>

/**
 * What an entry or a test supplies instead of the default: local mode its outbox, the Worker
 * its request-scoped database and its subrequest budget.
 */
export type DepsOptions = Partial<
  Pick<Deps, 'kv' | 'clock' | 'log' | 'lark' | 'database' | 'subrequests'>
>

/** The one composition root: everything below receives these as arguments. */
export function createDeps(config: Config, client: Client, options: DepsOptions = {}): Deps {
  const log = options.log ?? consoleLogger
  const kv = options.kv ?? (config.redis ? createUpstashKv(config.redis) : createMemoryKv())
  const lark = options.lark ?? sdkLark(config, kv, log)
  const deps: Deps = Object.freeze({
    config,
    database:
      options.database ?? createDatabase(client, { busyTimeoutMs: config.database.busyTimeoutMs }),
    kv,
    // A card refused for an @ Lark does not know goes again with the name instead.
    lark: withPlainMentions(lark, () => deps),
    clock: options.clock ?? systemClock,
    log,
    subrequests: options.subrequests ?? Infinity,
  })
  return deps
}

function sdkLark(config: Config, kv: Kv, log: Logger): LarkApi {
  const { appId, appSecret, domain } = config.lark
  if (!appId || !appSecret) {
    throw new ConfigError('local mode (no LARK_APP_ID): hand createDeps the local outbox')
  }
  return createSdkLark({ appId, appSecret, domain, kv, log })
}
