import * as lark from '@larksuiteoapi/node-sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeLark, type FakeLark } from '../support/fake-lark'

// `loggerLevel: fatal` is 0, which the SDK's `||` default turns back into `info`.
const quiet: lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} }

// Each client gets its own token cache, or the SDK's process-wide default leaks between tests.
// The SDK's key is a Symbol, so it is stored under its string form.
function tokenCache(): lark.Cache {
  const values = new Map<string, unknown>()
  return {
    get: async (key) => values.get(key.toString()),
    set: async (key, value) => values.set(key.toString(), value) && true,
  }
}

// The real SDK against the fake proves the fake speaks the paths and shapes the SDK uses.
const sdkClient = (fake: FakeLark) =>
  new lark.Client({
    appId: 'cli_test',
    appSecret: 's',
    domain: fake.url,
    cache: tokenCache(),
    logger: quiet,
  })

describe('fake Lark with the real SDK', () => {
  let fake: FakeLark
  let client: lark.Client
  beforeAll(async () => {
    fake = await startFakeLark()
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.reset()
    client = sdkClient(fake)
  })

  it('records a card sent to a chat and a reply, fetching the token once', async () => {
    const card = { schema: '2.0', body: { elements: [] } }
    const sent = await client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: {
        receive_id: 'oc_1',
        msg_type: 'interactive',
        content: JSON.stringify(card),
        uuid: 'u1',
      },
    })
    const replied = await client.im.message.reply({
      path: { message_id: 'om_1' },
      data: { msg_type: 'interactive', content: '{}', uuid: 'u2' },
    })

    expect(sent).toMatchObject({ code: 0, data: { message_id: 'om_fake_1' } })
    expect(replied).toMatchObject({ code: 0, data: { message_id: 'om_fake_2' } })
    expect(fake.sent).toEqual([
      {
        kind: 'send',
        receiveIdType: 'chat_id',
        receiveId: 'oc_1',
        msgType: 'interactive',
        content: card,
        uuid: 'u1',
      },
      { kind: 'reply', messageId: 'om_1', msgType: 'interactive', content: {}, uuid: 'u2' },
    ])
    expect(fake.tokenRequests).toBe(1)
  })

  it('answers a repeated uuid with the first message id and records it once', async () => {
    const reply = () =>
      client.im.message.reply({
        path: { message_id: 'om_1' },
        data: { msg_type: 'text', content: JSON.stringify({ text: 'hi' }), uuid: 'same' },
      })
    const first = await reply()
    const again = await reply()
    expect(again.data?.message_id).toBe(first.data?.message_id)
    expect(fake.sent).toHaveLength(1)
  })

  it('records card updates and file uploads', async () => {
    await client.im.message.patch({
      path: { message_id: 'om_9' },
      data: { content: '{"schema":"2.0"}' },
    })
    const file = await client.im.file.create({
      data: { file_type: 'xls', file_name: 'week.xlsx', file: Buffer.from('0123456789') },
    })
    expect(file?.file_key).toBe('file_fake_1')
    expect(fake.sent).toEqual([
      { kind: 'update', messageId: 'om_9', msgType: 'interactive', content: { schema: '2.0' } },
      {
        kind: 'file',
        msgType: 'file',
        content: { file_type: 'xls', file_name: 'week.xlsx', size: 10 },
      },
    ])
  })

  it('waits for a message that arrives later', async () => {
    const waiting = fake.waitFor((m) => m.receiveId === 'ou_late')
    await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_late', msg_type: 'text', content: '{"text":"x"}' },
    })
    await expect(waiting).resolves.toMatchObject({ content: { text: 'x' } })
    await expect(fake.waitFor(() => false, 50)).rejects.toThrow(/no matching message/)
  })

  it('refuses im calls without the tenant token', async () => {
    const res = await fetch(`${fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
      method: 'POST',
      body: '{}',
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 99991663 })
  })
})

describe('fake Lark rate limiting', () => {
  it('answers every n-th im call with 429, which the SDK throws as an AxiosError', async () => {
    const fake = await startFakeLark({ rateLimitEvery: 2 })
    const client = sdkClient(fake)
    const send = (uuid: string) =>
      client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: 'oc_1', msg_type: 'text', content: '{"text":"x"}', uuid },
      })
    await send('a')
    const error = await send('b').catch((e: unknown) => e)
    await send('c')
    await fake.close()

    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      name: 'AxiosError',
      isAxiosError: true,
      response: { status: 429, data: { code: 99991400, msg: 'request trigger frequency limit' } },
    })
    expect((error as any).response.headers['x-ogw-ratelimit-reset']).toBe('1')
    expect(fake.sent.map((m) => m.uuid)).toEqual(['a', 'c'])
  })
})
