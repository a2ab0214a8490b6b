import type { Database } from '../db/client'
import type { Config } from './config'
import type { Clock } from './domain/week'
import type { Kv } from './kv'
import type { LarkApi } from './lark/outbound'
import type { Logger } from './log'

/**
 * The services everything below the entries receives; read-only once built (create-deps.ts
 * builds them).
 */
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
