import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/server'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { messageEvent } from '../support/events'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { startFakeLarkWs, type FakeLarkWs } from '../support/fake-lark-ws'

const APP = { appId: SAMPLE_APP_ID, appSecret: 'deploy secret' }
const UNIT = 'deploy/tally-bot.service'

/** The unit's [Service] settings; Environment= may repeat. */
function unitSettings(text: string) {
  const lines = text.split('\n').filter((l) => /^\w+=/.test(l))
  const pairs = lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
  const env = Object.fromEntries(
    pairs.filter(([k]) => k === 'Environment').map(([, v]) => v!.split(/=(.*)/).slice(0, 2)),
  )
  return { ...Object.fromEntries(pairs), env } as Record<string, string> & {
    env: Record<string, string>
  }
}

const dockerUp = () => spawnSync('docker', ['info'], { timeout: 10_000 }).status === 0

describe('deploy/tally-bot.service on a plain Linux VM', () => {
  const unit = unitSettings(readFileSync(UNIT, 'utf8'))
  let lark: FakeLark
  let ws: FakeLarkWs
  let state: string
  beforeAll(async () => {
    lark = await startFakeLark()
    ws = await startFakeLarkWs(lark, APP)
    state = mkdtempSync(join(tmpdir(), 'tally-unit-'))
  })
  afterAll(async () => {
    await ws?.close()
    await lark?.close()
    rmSync(state, { recursive: true, force: true })
  })

  it('passes systemd-analyze verify where systemd is installed', (ctx) => {
    const which = spawnSync('systemd-analyze', ['--version'])
    const why = 'systemd-analyze is not installed here'
    if (which.status !== 0) return (console.log(`skipped: ${why}`), ctx.skip(why))
    const verify = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' })
    expect(verify.stderr).toBe('')
    expect(verify.status).toBe(0)
  })

  /**
   * Its ExecStart, from this checkout (WorkingDirectory), with its Environment= and the state
   * directory in a temporary folder; SIGTERM as KillSignal; resolves once /healthz answers.
   */
  async function start(port: number) {
    const [bin, ...args] = unit.ExecStart!.split(' ')
    const dbUrl = unit.env.DATABASE_URL!.replace('/var/lib/tally-bot', state)
    const env = {
      PATH: process.env.PATH,
      ...unit.env,
      DATABASE_URL: dbUrl,
      LARK_APP_ID: APP.appId,
      LARK_APP_SECRET: APP.appSecret,
      LARK_DOMAIN: ws.url,
      PORT: String(port),
    }
    const child = spawn(existsSync(bin!) ? bin! : process.execPath, args, { env, stdio: 'pipe' })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    const health = () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json())
    await expect
      .poll(() => health().catch(() => ({})), { timeout: 30_000, interval: 200 })
      .toMatchObject({ ok: true, transport: 'long-connection', connected: true })
    return { child, exited, dbUrl }
  }

  it('starts with ExecStart, passes /healthz and keeps its data across a restart', async () => {
    const port = await freePort()
    const first = await start(port)
    const event = messageEvent({ token: '', text: '/帮助', sender: { openId: 'ou_unit' } })
    lark.messageChats.set(event.event.message.message_id, 'oc_unit')
    expect((await ws.deliver(event)).ack?.code).toBe(200)
    await lark.waitFor((m) => m.messageId === event.event.message.message_id, 10_000)
    first.child.kill(unit.KillSignal as NodeJS.Signals)
    expect(await first.exited).toBe(0)
    const second = await start(port)
    const db = execFileSync(process.execPath, [
      '-e',
      `require('@libsql/client').createClient({ url: process.argv[1] }).execute('select count(*) n from inbound_messages').then(r => console.log(r.rows[0].n))`,
      second.dbUrl,
    ])
    expect(String(db).trim()).toBe('1')
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  }, 90_000)
})

describe('the Dockerfile', () => {
  const text = readFileSync('Dockerfile', 'utf8')

  it('copies only what exists and starts as the systemd unit does', () => {
    const sources = [...text.matchAll(/^COPY (.+) \S+$/gm)].flatMap((m) => m[1]!.split(' '))
    expect(sources.filter((s) => !existsSync(s))).toEqual([])
    const cmd = JSON.parse(text.match(/^CMD (.+)$/m)![1]!) as string[]
    const unit = unitSettings(readFileSync(UNIT, 'utf8'))
    expect(cmd.slice(1).join(' ')).toBe(unit.ExecStart!.split(' ').slice(1).join(' '))
    expect(text).toMatch(/DATABASE_URL=file:\/data\/tally\.db/)
  })

  it('builds where a Docker daemon runs', (ctx) => {
    const why = 'no Docker daemon here (docker info failed): the image is not built'
    if (!dockerUp()) return (console.log(`skipped: ${why}`), ctx.skip(why))
    const build = spawnSync('docker', ['build', '-q', '-t', 'tally-bot:ci', '.'], {
      encoding: 'utf8',
      timeout: 600_000,
    })
    expect(build.stderr).not.toMatch(/error/i)
    expect(build.status).toBe(0)
  }, 600_000)
})
