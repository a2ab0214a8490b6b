import * as lark from '@larksuiteoapi/node-sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { messageEvent } from '../../src/lark/payloads'
import {
  FAKE_BOT_OPEN_ID,
  FAKE_TENANT_TOKEN,
  faults,
  startFakeLark,
  type FakeLark,
} from '../../src/local/fake-lark'
import { reachesBot } from '../../src/local/fake-lark-rules'

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

/** Lark's answer whether the SDK resolved it or threw it (it throws on 4xx and 5xx). */
const answerOf = (call: Promise<{ code?: number }>) =>
  call.then(
    (data) => ({ status: 200, code: data.code, reset: undefined }),
    (e: AxiosLike) => ({
      status: e.response?.status,
      code: e.response?.data?.code,
      reset: e.response?.headers?.['x-ogw-ratelimit-reset'],
    }),
  )
type AxiosLike = {
  response?: { status: number; data?: { code?: number }; headers?: Record<string, string> }
}

describe('fake Lark with the real SDK', () => {
  // Rate windows and uuid expiry run on this clock; it stands still unless a test moves it.
  let clock = 0
  let fake: FakeLark
  let client: lark.Client
  beforeAll(async () => {
    fake = await startFakeLark({ now: () => clock })
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.reset()
    clock = 0
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
        id: 'om_fake_1',
      },
      {
        kind: 'reply',
        messageId: 'om_1',
        msgType: 'interactive',
        content: {},
        uuid: 'u2',
        id: 'om_fake_2',
      },
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
    const sent = await client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_1', msg_type: 'interactive', content: '{"schema":"2.0"}' },
    })
    const messageId = sent.data!.message_id!
    fake.sent.length = 0
    await client.im.message.patch({
      path: { message_id: messageId },
      data: { content: '{"schema":"2.0","body":{"elements":[]}}' },
    })
    const file = await client.im.file.create({
      data: { file_type: 'xls', file_name: 'week.xlsx', file: Buffer.from('0123456789') },
    })
    expect(file?.file_key).toBe('file_fake_2')
    expect(fake.shown(messageId)).toEqual({ schema: '2.0', body: { elements: [] } })
    expect(fake.sent).toEqual([
      {
        kind: 'update',
        messageId,
        msgType: 'interactive',
        content: { schema: '2.0', body: { elements: [] } },
      },
      {
        kind: 'file',
        msgType: 'file',
        content: { file_type: 'xls', file_name: 'week.xlsx', size: 10 },
      },
    ])
  })

  it('updates only cards the app sent, not 仅对你可见 ones, and only within 14 days', async () => {
    const card = { msg_type: 'interactive', content: '{"schema":"2.0"}' }
    await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_1', ...card },
    })
    await client.request({
      method: 'POST',
      url: '/open-apis/ephemeral/v1/send',
      data: { chat_id: 'oc_1', open_id: 'ou_1', msg_type: 'interactive', card: {} },
    })
    const update = (id: string) =>
      answerOf(client.im.message.patch({ path: { message_id: id }, data: { content: '{}' } }))
    expect(await update('om_nobody_sent')).toMatchObject({ status: 400, code: 99992354 })
    expect(await update('om_fake_2')).toMatchObject({ status: 400, code: 230001 })
    clock += 14 * 24 * 3600 * 1000
    expect(await update('om_fake_1')).toMatchObject({ status: 200, code: 0 })
    clock += 1
    expect(await update('om_fake_1')).toMatchObject({ status: 400, code: 230031 })
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

  const send = (chat: string, extra: { content?: string; uuid?: string; msg_type?: string } = {}) =>
    answerOf(
      client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chat, msg_type: 'text', content: '{"text":"x"}', ...extra },
      }),
    )
  const reply = (messageId: string) =>
    answerOf(
      client.im.message.reply({
        path: { message_id: messageId },
        data: { msg_type: 'text', content: '{"text":"x"}' },
      }),
    )
  const card = (elements: object[]) => ({
    msg_type: 'interactive',
    content: JSON.stringify({ schema: '2.0', body: { elements } }),
  })

  it('refuses a sixth message to one chat within a second: HTTP 400, code 230020', async () => {
    const busy = []
    for (let i = 0; i < 6; i++) busy.push(await send('oc_busy'))
    expect(busy.map((a) => a.code)).toEqual([0, 0, 0, 0, 0, 230020])
    expect(busy[5]).toMatchObject({ status: 400 })
    expect(await send('oc_other')).toMatchObject({ code: 0 })
    clock = 1000
    expect(await send('oc_busy')).toMatchObject({ code: 0 })
  })

  it('counts a reply against the chat of the message it answers', async () => {
    fake.messageChats.set('om_user', 'oc_busy')
    for (let i = 0; i < 5; i++) await send('oc_busy')
    expect(await reply('om_user')).toMatchObject({ status: 400, code: 230020 })
    expect(await reply('om_elsewhere')).toMatchObject({ code: 0 })
    expect(fake.messageChats.get('om_fake_1')).toBe('oc_busy')
  })

  it('answers over 50 calls a second or 1,000 a minute with 429, code 99991400 and a reset', async () => {
    const round = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => send(`oc_${i}`)))
    const first = await round(51)
    expect(first.filter((a) => a.code === 0)).toHaveLength(50)
    expect(first.find((a) => a.code !== 0)).toEqual({ status: 429, code: 99991400, reset: '1' })
    for (clock = 1000; clock < 20_000; clock += 1000) await round(50)
    expect(await send('oc_late')).toEqual({ status: 429, code: 99991400, reset: '40' })
    clock = 60_000
    expect(await send('oc_late')).toMatchObject({ code: 0 })
  })

  it('refuses a card over 30 KB (230025) or over 200 elements (230099)', async () => {
    const text = (content: string) => ({ tag: 'markdown', content })
    const big = await send('oc_1', card([text('长'.repeat(11 * 1024))]))
    const crowded = await send('oc_2', card(Array(201).fill(text('x'))))
    const full = await send('oc_3', card(Array(200).fill(text('x'))))
    expect([big, crowded, full]).toMatchObject([
      { status: 400, code: 230025 },
      { status: 400, code: 230099 },
      { code: 0 },
    ])
    expect(fake.sent).toHaveLength(1)
  })

  it('sends a repeated uuid once within the hour, and again after it', async () => {
    await send('oc_1', { uuid: 'same' })
    clock = 59 * 60_000
    await send('oc_1', { uuid: 'same' })
    expect(fake.sent).toHaveLength(1)
    clock = 60 * 60_000
    await send('oc_1', { uuid: 'same' })
    expect(fake.sent).toHaveLength(2)
  })

  it('answers 5xx, or 429 with a long reset, as often as told', async () => {
    fake.fail(faults.serverError, { times: 1 })
    fake.fail(faults.rateLimited(30), { times: 1 })
    const answers = [await send('oc_1'), await send('oc_1'), await send('oc_1')]
    expect(answers).toEqual([
      { status: 502, code: 1500, reset: undefined },
      { status: 429, code: 99991400, reset: '30' },
      { status: 200, code: 0, reset: undefined },
    ])
    expect(fake.errorCodes).toEqual([1500, 99991400])
  })

  it('refuses one chat or one replied-to message with a permanent code', async () => {
    fake.fail(faults.refused(230002, 'The bot can not be outside the group.'), { to: 'oc_gone' })
    fake.fail(faults.refused(230011, 'The message is recalled.'), { to: 'om_recalled' })
    const recalled = answerOf(
      client.im.message.reply({
        path: { message_id: 'om_recalled' },
        data: { msg_type: 'text', content: '{"text":"x"}' },
      }),
    )
    expect(await send('oc_gone')).toMatchObject({ status: 400, code: 230002 })
    expect(await send('oc_gone')).toMatchObject({ status: 400, code: 230002 })
    expect(await recalled).toMatchObject({ status: 400, code: 230011 })
    expect(await send('oc_here')).toMatchObject({ code: 0 })
  })

  it('never answers a hanging chat, and still answers the others', async () => {
    fake.fail(faults.hang, { to: 'oc_slow' })
    const call = (chat: string) =>
      fetch(`${fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
        method: 'POST',
        headers: { authorization: `Bearer ${FAKE_TENANT_TOKEN}` },
        body: JSON.stringify({ receive_id: chat, msg_type: 'text', content: '{"text":"x"}' }),
        signal: AbortSignal.timeout(300),
      })
    await expect(call('oc_slow')).rejects.toThrow(/timeout|aborted/i)
    expect((await call('oc_fast')).status).toBe(200)
  })

  const ephemeral = (chatId: string, openId: string, card: object = { schema: '2.0' }) =>
    answerOf(
      client.request({
        method: 'POST',
        url: '/open-apis/ephemeral/v1/send',
        data: { chat_id: chatId, open_id: openId, msg_type: 'interactive', card },
      }),
    )
  const mentioning = (openId: string) =>
    JSON.stringify({
      schema: '2.0',
      body: { elements: [{ tag: 'markdown', content: `<at id=${openId}></at> 请上报` }] },
    })

  it('refuses a card that @s someone it does not know, naming the id (230099, 100290)', async () => {
    fake.tenant.unknown.push('ou_other_app')
    const sent = await answerOf(
      client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: 'oc_1', msg_type: 'interactive', content: mentioning('ou_other_app') },
      }),
    )
    expect(sent).toMatchObject({ status: 400, code: 230099 })
    const msg = await fetchMsg('ou_other_app')
    expect(msg).toContain('ErrCode: 100290')
    expect(msg).toContain('ErrorValue: ou_other_app')
    expect(
      await send('oc_1', { msg_type: 'interactive', content: mentioning('all') }),
    ).toMatchObject({ code: 0 })
    expect(
      await send('oc_1', { msg_type: 'interactive', content: mentioning('ou_zhang') }),
    ).toMatchObject({ code: 0 })
    expect(fake.sent).toHaveLength(2)
  })

  /** The msg of a card to oc_1 that @s `openId`, read over plain HTTP. */
  async function fetchMsg(openId: string) {
    const res = await fetch(`${fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_TENANT_TOKEN}` },
      body: JSON.stringify({
        receive_id: 'oc_1',
        msg_type: 'interactive',
        content: mentioning(openId),
      }),
    })
    return ((await res.json()) as { msg: string }).msg
  }

  it('refuses ids it does not know: open_id 99992351, message 99992354, chat 99992356', async () => {
    fake.tenant.unknown.push('ou_left', 'oc_dissolved', 'om_deleted')
    const toPerson = (id: string) =>
      answerOf(
        client.im.message.create({
          params: { receive_id_type: 'open_id' },
          data: { receive_id: id, msg_type: 'text', content: '{"text":"x"}' },
        }),
      )
    expect(await toPerson('ou_left')).toMatchObject({ status: 400, code: 99992351 })
    expect(await toPerson('someone')).toMatchObject({ status: 400, code: 99992351 })
    expect(await send('oc_dissolved')).toMatchObject({ status: 400, code: 99992356 })
    expect(await reply('om_deleted')).toMatchObject({ status: 400, code: 99992354 })
    expect(await ephemeral('oc_dissolved', 'ou_zhang')).toMatchObject({ code: 99992356 })
    expect(await ephemeral('oc_1', 'ou_left')).toMatchObject({ code: 99992351 })
    expect(fake.sent).toEqual([])
  })

  it('refuses a private message to someone outside the app’s 可用范围 (230013)', async () => {
    fake.tenant.unavailable.push('ou_outside')
    const sent = await answerOf(
      client.im.message.create({
        params: { receive_id_type: 'open_id' },
        data: { receive_id: 'ou_outside', msg_type: 'text', content: '{"text":"x"}' },
      }),
    )
    expect(sent).toMatchObject({ status: 400, code: 230013 })
  })

  it('takes a 仅对你可见 card for someone offline and shows it to nobody', async () => {
    fake.tenant.offline.push('ou_away')
    expect(await ephemeral('oc_1', 'ou_away')).toMatchObject({ code: 0 })
    expect(await ephemeral('oc_1', 'ou_here')).toMatchObject({ code: 0 })
    expect(fake.sent.map((m) => m.receiveId)).toEqual(['ou_here'])
    expect(fake.unseen.map((m) => m.receiveId)).toEqual(['ou_away'])
  })

  it('refuses a 仅对你可见 card in a topic group', async () => {
    fake.tenant.chats.set('oc_topics', { botIn: true, topic: true })
    expect(await ephemeral('oc_topics', 'ou_zhang')).toMatchObject({ status: 400, code: 230001 })
    expect(fake.sent).toEqual([])
  })

  it('updates only a card it sent, and only within 14 days (230031)', async () => {
    const sent = await client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_1', msg_type: 'interactive', content: '{}' },
    })
    const patch = (messageId: string, content = '{"schema":"2.0"}') =>
      answerOf(client.im.message.patch({ path: { message_id: messageId }, data: { content } }))
    const id = sent.data!.message_id!
    expect(await patch('om_never_sent')).toMatchObject({ status: 400, code: 99992354 })
    expect(await patch(id, mentioning('not_an_open_id'))).toMatchObject({
      code: 230099,
    })
    clock = 14 * 24 * 3600_000
    expect(await patch(id)).toMatchObject({ code: 0 })
    clock += 1
    expect(await patch(id)).toMatchObject({ status: 400, code: 230031 })
    expect(fake.sent.filter((m) => m.kind === 'update')).toHaveLength(1)
  })

  it('refuses a revoked tenant token with 99991663 until a new one is fetched', async () => {
    expect(await send('oc_1')).toMatchObject({ code: 0 })
    fake.revokeToken()
    expect(await send('oc_1')).toMatchObject({ status: 401, code: 99991663 })
    const fresh = sdkClient(fake)
    const again = await answerOf(
      fresh.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: 'oc_1', msg_type: 'text', content: '{"text":"x"}' },
      }),
    )
    expect(again).toMatchObject({ code: 0 })
    expect(fake.tokenRequests).toBe(2)
  })
})

describe('which messages Lark delivers to the bot', () => {
  const bot = { openId: FAKE_BOT_OPEN_ID, name: '统计机器人' }
  const zhang = { openId: 'ou_zhang' }
  const event = (chatType: 'group' | 'p2p', extra: Partial<Parameters<typeof messageEvent>[0]>) =>
    messageEvent({
      token: 't',
      text: '/上报 学习 3',
      sender: zhang,
      chatId: 'oc_1',
      chatType,
      ...extra,
    })

  it('a group message only when it @s the bot; a private one always', () => {
    const atBot = { mentions: [{ openId: FAKE_BOT_OPEN_ID, name: '统计机器人' }] }
    expect(reachesBot(event('group', atBot), bot)).toBe(true)
    expect(reachesBot(event('group', {}), bot)).toBe(false)
    expect(reachesBot(event('group', { mentions: [{ openId: 'ou_li', name: '李四' }] }), bot)).toBe(
      false,
    )
    expect(reachesBot(event('p2p', {}), bot)).toBe(true)
  })

  it('never an image or a file from a group: neither can carry an @', () => {
    const image = { messageType: 'image' as const, content: '{"image_key":"img_1"}' }
    expect(reachesBot(event('group', image), bot)).toBe(false)
    expect(reachesBot(event('p2p', image), bot)).toBe(true)
  })

  it('tells the bot by name where its open_id is not known (local mode)', () => {
    const local = { openId: null, name: '统计机器人' }
    const byName = { mentions: [{ openId: 'ou_whatever', name: '统计机器人' }] }
    expect(reachesBot(event('group', byName), local)).toBe(true)
    expect(reachesBot(event('group', {}), local)).toBe(false)
  })
})
