import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Readable } from 'node:stream'
import { Miniflare } from 'miniflare'
import { describe } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { signedRequest } from '../../src/lark/crypto'
import { ENCRYPT_KEY } from './bot'
import { VERIFICATION_TOKEN } from './events'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { startHranaBridge, type HranaBridge } from '../../src/local/hrana-bridge'
import { startLatencyProxy, type LatencyProxy } from './latency-proxy'
import { startUpstashBridge, type UpstashBridge } from './upstash-bridge'

const root = fileURLToPath(new URL('../..', import.meta.url))
const wranglerToml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
const compatibilityDate = wranglerToml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)![1]!

/** Builds the Worker as `wrangler deploy` would; returns the directory holding index.js. */
export async function buildWorker(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-worker-'))
  await promisify(execFile)('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', dir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    timeout: 120_000,
  })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export type RigOptions = {
  /** The built Worker (buildWorker). */
  dir: string
  /** Round trip to the database and to Redis, as from a Worker to Turso and Upstash. */
  rttMs?: number
  /** Extra bindings, or undefined to leave one out. */
  env?: Record<string, string | undefined>
}

/**
 * workerd hangs at start under libfaketime (`workerd --version` included), so a suite run under
 * `faketime` to show the tests pass on a later date skips the Worker's tests and says why. On a
 * machine whose clock is later they run as ever: workerd and the tests then share that clock.
 */
const workerdHangs = /faketime/.test(process.env.LD_PRELOAD ?? '')

/** A suite of the Worker's tests: skipped, and named so, where workerd cannot start. */
export function describeWorker(name: string, fn: () => void) {
  const named = workerdHangs ? `${name} (workerd does not start under libfaketime)` : name
  describe.skipIf(workerdHangs)(named, fn)
}

export type WorkerRig = Awaited<ReturnType<typeof startWorkerRig>>

/**
 * The landed bundle in workerd (Miniflare), with the database and Redis each behind a hop with
 * a round-trip time, and the fake Lark OpenAPI. Each hop counts its requests, so a test reads
 * an invocation's subrequests; workerd's own output is kept, so a test can look for its
 * warnings (a promise resolved across requests, say).
 */
export async function startWorkerRig(opts: RigOptions) {
  const rtt = opts.rttMs ?? 0
  const [lark, bridge, upstash] = await Promise.all([
    startFakeLark(),
    startHranaBridge(),
    startUpstashBridge(),
  ])
  const [database, redis] = await Promise.all([
    startLatencyProxy(bridge.url, rtt),
    startLatencyProxy(upstash.url, rtt),
  ])
  const output: string[] = []
  const env: Record<string, string | undefined> = {
    LARK_APP_ID: SAMPLE_APP_ID,
    LARK_APP_SECRET: 'secret',
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_DOMAIN: lark.url,
    DATABASE_URL: database.url,
    UPSTASH_REDIS_REST_URL: redis.url,
    UPSTASH_REDIS_REST_TOKEN: upstash.token,
    ADMIN_OPEN_IDS: 'ou_admin',
    ...opts.env,
  }
  const bindings = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  )
  const start = () =>
    new Miniflare({
      modules: true,
      // The dry run writes one self-contained ES module (plus its source map and a README).
      scriptPath: join(opts.dir, 'index.js'),
      // Module names are paths relative to this root; the default (cwd) would make them "../…".
      modulesRoot: opts.dir,
      compatibilityDate,
      compatibilityFlags: ['nodejs_compat'],
      bindings,
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        for (const stream of [stdout, stderr]) {
          stream.on('data', (chunk: Buffer) => output.push(...String(chunk).split('\n')))
        }
      },
    })
  let mf = start()
  await mf.ready

  /** Requests each hop has seen: database, Redis, Lark. */
  const counts = () => ({ database: database.count(), redis: redis.count(), lark: lark.requests })

  return {
    lark,
    bridge,
    database,
    redis,
    /** Every line workerd printed. */
    output,
    counts,
    fetch: (path: string, init?: Parameters<Miniflare['dispatchFetch']>[1]) =>
      mf.dispatchFetch(`http://localhost${path}`, init),
    /** A webhook signed and encrypted as Lark sends it. */
    async post(body: object) {
      return this.webhook(signedRequest(body, { encryptKey: ENCRYPT_KEY, encrypt: true }))
    },
    /** A webhook exactly as given: body and headers. */
    webhook(req: { body: string; headers: Record<string, string> }) {
      return mf.dispatchFetch('http://localhost/lark/webhook', { method: 'POST', ...req })
    },
    /** Runs a cron trigger as Cloudflare would, at `at`. */
    async cron(cron: string, at: Date) {
      // Miniflare's Fetcher type leaves out scheduled(), which workerd's service stub has.
      const worker = (await mf.getWorker()) as unknown as {
        scheduled(opts: { cron: string; scheduledTime: Date }): Promise<{ outcome: string }>
      }
      return worker.scheduled({ cron, scheduledTime: at })
    },
    /** Kills workerd at once, with whatever it was doing, and starts a fresh isolate. */
    async restart() {
      await mf.dispose()
      mf = start()
      await mf.ready
    },
    async close() {
      await mf.dispose()
      await Promise.all([database.close(), redis.close()])
      await Promise.all([lark.close(), bridge.close(), upstash.close()])
    },
  }
}

/** A liaison bound to a unit of their own, written straight into the database. */
export async function seedLiaisons(bridge: HranaBridge, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 1; i <= count; i++) {
    const unit = await bridge.client.execute({
      sql: 'insert into units (name, created_at) values (?, ?) returning id',
      args: [`第${i}单位`, Date.now()],
    })
    const openId = `ou_rig_liaison_${i}`
    await bridge.client.execute({
      sql: 'insert into people (open_id, name, unit_id, updated_at) values (?, ?, ?, ?)',
      args: [openId, `联络员${i}`, unit.rows[0]!.id as bigint, Date.now()],
    })
    ids.push(openId)
  }
  return ids
}

export type { FakeLark, HranaBridge, LatencyProxy, UpstashBridge }
