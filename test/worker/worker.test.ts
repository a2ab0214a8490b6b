import { SAMPLE_APP_ID } from '../../src/lark/deliveries'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import pkg from '../../package.json'
import { cardText, ENCRYPT_KEY } from '../support/bot'
import { messageEvent, VERIFICATION_TOKEN } from '../support/events'
import { startFakeLark, type FakeLark } from '../support/fake-lark'
import { startHranaBridge, type HranaBridge } from '../support/hrana-bridge'
import { signedRequest } from '../../src/lark/crypto'

/**
 * The production runtime: the bundle `wrangler deploy --dry-run` builds, run in workerd by
 * Miniflare, against the fake Lark OpenAPI and a database reached over HTTP as on Turso.
 */
const root = fileURLToPath(new URL('../..', import.meta.url))
const wranglerToml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
const compatibilityDate = wranglerToml.match(/^compatibility_date\s*=\s*"([^"]+)"/m)![1]!

let outdir: string
let fakeLark: FakeLark
let bridge: HranaBridge
let mf: Miniflare

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'tally-worker-'))
  await promisify(execFile)('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    timeout: 120_000,
  })
  ;[fakeLark, bridge] = await Promise.all([startFakeLark(), startHranaBridge()])
  mf = new Miniflare({
    modules: true,
    // The dry run writes one self-contained ES module (plus its source map and a README).
    scriptPath: join(outdir, 'index.js'),
    // Module names are paths relative to this root; the default (cwd) would make them "../…".
    modulesRoot: outdir,
    compatibilityDate,
    compatibilityFlags: ['nodejs_compat'],
    bindings: {
      LARK_APP_ID: SAMPLE_APP_ID,
      LARK_APP_SECRET: 'secret',
      LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_DOMAIN: fakeLark.url,
      DATABASE_URL: bridge.url,
      ADMIN_OPEN_IDS: 'ou_admin',
    },
  })
  await mf.ready
}, 180_000)

afterAll(async () => {
  await mf?.dispose()
  await Promise.all([fakeLark?.close(), bridge?.close()])
  if (outdir) rmSync(outdir, { recursive: true, force: true })
})

function post(req: { body: string; headers: Record<string, string> }) {
  return mf.dispatchFetch('http://localhost/lark/webhook', { method: 'POST', ...req })
}

const signed = (body: object) => signedRequest(body, { encryptKey: ENCRYPT_KEY, encrypt: true })

const stored = async (messageId: string) =>
  (
    await bridge.client.execute({
      sql: 'select text, sender_open_id, replied_at from inbound_messages where message_id = ?',
      args: [messageId],
    })
  ).rows[0]

describe('the Worker bundle in workerd', () => {
  it('echoes a signed, encrypted url_verification challenge', async () => {
    const challenge = { challenge: 'c-worker', token: VERIFICATION_TOKEN, type: 'url_verification' }
    const res = await post(await signed(challenge))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ challenge: 'c-worker' })
  })

  it('answers 401 to a bad signature and changes nothing', async () => {
    const event = messageEvent({ text: '/帮助', sender: { openId: 'ou_liaison_1' } })
    const req = await signed(event)
    const res = await post({
      ...req,
      headers: { ...req.headers, 'x-lark-signature': 'f'.repeat(64) },
    })
    expect(res.status).toBe(401)
    await res.arrayBuffer()
    expect(await stored(event.event.message.message_id)).toBeUndefined()
    expect(fakeLark.sent.filter((m) => m.messageId === event.event.message.message_id)).toEqual([])
  })

  it('stores a /帮助 message, answers 200, then replies through the Lark API', async () => {
    const event = messageEvent({ text: '/帮助', sender: { openId: 'ou_liaison_1' } })
    const messageId = event.event.message.message_id
    const res = await post(await signed(event))
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    expect(await stored(messageId)).toMatchObject({ text: '/帮助', sender_open_id: 'ou_liaison_1' })

    const reply = await fakeLark.waitFor(
      (m) => m.kind === 'reply' && m.messageId === messageId,
      15_000,
    )
    expect(reply.msgType).toBe('interactive')
    expect(cardText(reply.content)).toContain('使用说明')
    await vi.waitFor(async () => expect((await stored(messageId))?.replied_at).not.toBeNull())
  })

  it('writes the report draft as .docx and uploads it to the chat (fflate on workerd)', async () => {
    const event = messageEvent({ text: '/报告 累计', sender: { openId: 'ou_admin' } })
    const messageId = event.event.message.message_id
    const res = await post(await signed(event))
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    const upload = await fakeLark.waitFor((m) => m.kind === 'file', 15_000)
    expect(upload.content).toMatchObject({ file_type: 'doc' })
    expect(upload.content.size).toBeGreaterThan(500)
    const posted = await fakeLark.waitFor((m) => m.uuid === `f-${messageId}`, 15_000)
    expect(posted).toMatchObject({ kind: 'send', msgType: 'file' })
  })

  it('reports the schema version on /healthz', async () => {
    const res = await mf.dispatchFetch('http://localhost/healthz')
    expect(res.status).toBe(200)
    const migrations = await bridge.client.execute('select count(*) as n from __drizzle_migrations')
    expect(await res.json()).toEqual({
      ok: true,
      app: pkg.version,
      schema: Number(migrations.rows[0]!.n),
    })
  })
})
