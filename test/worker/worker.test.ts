import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import pkg from '../../package.json'
import { signedRequest } from '../../src/lark/crypto'
import { cardText, ENCRYPT_KEY } from '../support/bot'
import { messageEvent, VERIFICATION_TOKEN } from '../support/events'
import { buildWorker, describeWorker, startWorkerRig, type WorkerRig } from '../support/worker-rig'

/**
 * The production runtime: the bundle `wrangler deploy --dry-run` builds, run in workerd by
 * Miniflare, against the fake Lark OpenAPI and a database reached over HTTP as on Turso.
 */
let build: Awaited<ReturnType<typeof buildWorker>>
let rig: WorkerRig

beforeAll(async () => {
  build = await buildWorker()
  rig = await startWorkerRig({ dir: build.dir })
}, 180_000)

afterAll(async () => {
  await rig?.close()
  build?.remove()
})

const post = (req: { body: string; headers: Record<string, string> }) => rig.webhook(req)
const signed = (body: object) => signedRequest(body, { encryptKey: ENCRYPT_KEY, encrypt: true })

const stored = async (messageId: string) =>
  (
    await rig.bridge.client.execute({
      sql: 'select text, sender_open_id, replied_at from inbound_messages where message_id = ?',
      args: [messageId],
    })
  ).rows[0]

describeWorker('the Worker bundle in workerd', () => {
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
    expect(rig.lark.sent.filter((m) => m.messageId === event.event.message.message_id)).toEqual([])
  })

  it('stores a /帮助 message, answers 200, then replies through the Lark API', async () => {
    const event = messageEvent({ text: '/帮助', sender: { openId: 'ou_liaison_1' } })
    const messageId = event.event.message.message_id
    const res = await post(await signed(event))
    expect(res.status).toBe(200)
    await res.arrayBuffer()
    // Stored as Lark sent it: the bot's @ stands in the text as its placeholder.
    expect(await stored(messageId)).toMatchObject({
      text: '/帮助 @_user_1',
      sender_open_id: 'ou_liaison_1',
    })

    const reply = await rig.lark.waitFor(
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
    const upload = await rig.lark.waitFor((m) => m.kind === 'file', 15_000)
    expect(upload.content).toMatchObject({ file_type: 'doc' })
    expect(upload.content.size).toBeGreaterThan(500)
    const posted = await rig.lark.waitFor((m) => m.uuid === `f-${messageId}`, 15_000)
    expect(posted).toMatchObject({ kind: 'send', msgType: 'file' })
  })

  it('reports the schema version on /healthz', async () => {
    const res = await rig.fetch('/healthz')
    expect(res.status).toBe(200)
    const migrations = await rig.bridge.client.execute(
      'select count(*) as n from __drizzle_migrations',
    )
    expect(await res.json()).toEqual({
      ok: true,
      app: pkg.version,
      schema: Number(migrations.rows[0]!.n),
      transport: 'webhook',
    })
  })
})

describeWorker('a Worker deployed without its Lark secrets', () => {
  let bare: WorkerRig
  beforeAll(async () => {
    bare = await startWorkerRig({ dir: build.dir, env: { LARK_APP_SECRET: undefined } })
  }, 60_000)
  afterAll(() => bare?.close())

  it('refuses every request with 500 and one log line naming what is missing', async () => {
    const event = messageEvent({ text: '/帮助', sender: { openId: 'ou_liaison_1' } })
    const res = await bare.post(event)
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'the bot is not configured' })
    await vi.waitFor(() =>
      expect(bare.output.filter((l) => l.includes('LARK_APP_SECRET'))).toEqual([
        expect.stringContaining('the Worker needs LARK_APP_SECRET'),
      ]),
    )
    expect(bare.lark.sent).toEqual([])
  })

  it('has no local mode: no outbox, no console', async () => {
    for (const path of ['/dev/outbox', '/dev']) {
      const res = await rig.fetch(path)
      expect(res.status).toBe(404)
      await res.arrayBuffer()
    }
  })
})
