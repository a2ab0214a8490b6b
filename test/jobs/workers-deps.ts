import { createClient } from '@libsql/client/web'
import { handlers } from '../../commands'
import { createRequestDatabase } from '../../db/client'
import { parseConfig } from '../../src/config'
import { createDeps } from '../../src/create-deps'
import { runJob, type JobName } from '../../src/jobs'
import { createMemoryKv, type Kv } from '../../src/kv'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { silentLogger } from '../../src/log'
import { ADMIN } from '../support/bot'
import { VERIFICATION_TOKEN } from '../support/events'
import type { FakeLark } from '../../src/local/fake-lark'
import { startHranaBridge } from '../../src/local/hrana-bridge'

/**
 * Deps shaped like the Worker's: the database over libSQL's HTTP protocol (the Hrana bridge,
 * standing in for Turso) with a request-scoped database, KV, and the real Lark SDK talking to
 * the fake Lark. Every request that would be a Workers subrequest is counted where it leaves:
 * each HTTP request to the database, each KV call, each HTTP request to Lark.
 */
export async function startWorkersDeps(opts: { fake: FakeLark; subrequests: number; now: Date }) {
  const bridge = await startHranaBridge()
  const calls = { database: 0, kv: 0 }
  const client = createClient({
    url: bridge.url,
    fetch: (input: Request | string, init?: RequestInit) => {
      calls.database++
      return fetch(input, init)
    },
  })
  const config = parseConfig({
    LARK_APP_ID: SAMPLE_APP_ID,
    LARK_APP_SECRET: 'secret',
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    LARK_DOMAIN: opts.fake.url,
    DATABASE_URL: bridge.url,
    ADMIN_OPEN_IDS: ADMIN.openId,
  })
  const errors: string[] = []
  const deps = createDeps(config, client, {
    database: createRequestDatabase(client),
    kv: countedKv(createMemoryKv(), () => calls.kv++),
    // The isolate's clock: a cron invocation runs at its scheduled time whatever this says.
    clock: () => opts.now,
    log: { ...silentLogger, error: (line, err) => errors.push(`${line}: ${String(err)}`) },
    subrequests: opts.subrequests,
  })
  const made = () => calls.database + calls.kv + opts.fake.requests
  return {
    deps,
    errors,
    /** One cron invocation at `at`: what it returned and the subrequests it made. */
    async invoke(job: JobName, at: Date) {
      const before = made()
      const result = await runJob(deps, handlers, job, { now: at })
      return { result, subrequests: made() - before }
    },
    async close() {
      client.close()
      await bridge.close()
    },
  }
}

function countedKv(kv: Kv, count: () => void): Kv {
  return {
    get: (key) => (count(), kv.get(key)),
    set: (key, value, opts) => (count(), kv.set(key, value, opts)),
    del: (key) => (count(), kv.del(key)),
    incr: (key, ttlSec) => (count(), kv.incr(key, ttlSec)),
  }
}
