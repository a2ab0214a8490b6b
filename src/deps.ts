import type { Client } from '@libsql/client'
import { cardActionRegistry, registry } from '../commands'
import type { CardActionRegistry } from '../commands/actions'
import type { Registry } from '../commands/registry'
import { createDatabase, type Database } from '../db/client'
import type { Config } from './config'
import { systemClock, type Clock } from './domain/week'
import { createMemoryKv, createUpstashKv, type Kv } from './kv'
import { createOutbox, type LarkApi, type Outbox } from './lark/outbound'
import { createSdkLark } from './lark/sdk'
import { consoleLogger, type Logger } from './log'

export type Deps = {
  config: Config
  database: Database
  kv: Kv
  lark: LarkApi
  /** Present in local mode only: what would have been sent to Lark. */
  outbox?: Outbox
  clock: Clock
  log: Logger
  registry: Registry
  actions: CardActionRegistry
}

export type DepsOptions = Partial<Pick<Deps, 'kv' | 'clock' | 'log'>>

/** The one composition root: everything below receives these as arguments. */
export function createDeps(config: Config, client: Client, options: DepsOptions = {}): Deps {
  const log = options.log ?? consoleLogger
  const kv = options.kv ?? (config.redis ? createUpstashKv(config.redis) : createMemoryKv())
  const outbox = config.local ? createOutbox((line) => log.info(line)) : undefined
  const lark =
    outbox?.api ??
    createSdkLark({
      appId: config.lark.appId!,
      appSecret: config.lark.appSecret!,
      domain: config.lark.domain,
      kv,
      log,
    })
  return {
    config,
    database: createDatabase(client),
    kv,
    lark,
    outbox,
    clock: options.clock ?? systemClock,
    log,
    registry,
    actions: cardActionRegistry,
  }
}
