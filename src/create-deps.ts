import type { Client } from '@libsql/client'
import { createDatabase } from '../db/client'
import type { Config } from './config'
import type { Deps, DepsOptions } from './deps'
import { ConfigError } from './errors'
import { systemClock } from './domain/week'
import { createMemoryKv, createUpstashKv, type Kv } from './kv'
import { withPlainMentions } from './delivery/plain-mentions'
import type { LarkApi } from './lark/outbound'
import { consoleLogger, type Logger } from './log'

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

/**
 * The OpenAPI through the SDK, loaded on the first call: a CLI that never calls Lark (an
 * export) does not load it, which is about 70 MB of a Node process's memory.
 */
function sdkLark(config: Config, kv: Kv, log: Logger): LarkApi {
  const { appId, appSecret, domain } = config.lark
  if (!appId || !appSecret) {
    throw new ConfigError('local mode (no LARK_APP_ID): hand createDeps the local outbox')
  }
  let api: Promise<LarkApi> | undefined
  const sdk = () =>
    (api ??= import('./lark/sdk').then((m) =>
      m.createSdkLark({ appId, appSecret, domain, kv, log }),
    ))
  return {
    reply: async (...args) => (await sdk()).reply(...args),
    send: async (...args) => (await sdk()).send(...args),
    sendEphemeral: async (...args) => (await sdk()).sendEphemeral(...args),
    uploadFile: async (...args) => (await sdk()).uploadFile(...args),
    sendFile: async (...args) => (await sdk()).sendFile(...args),
    findOpenIds: async (...args) => (await sdk()).findOpenIds(...args),
    botOpenId: async () => (await sdk()).botOpenId(),
    updateCard: async (...args) => (await sdk()).updateCard(...args),
    userName: async (...args) => (await sdk()).userName(...args),
  }
}
