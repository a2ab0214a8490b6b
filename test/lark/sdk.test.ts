import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryKv } from '../../src/kv'
import { createSdkLark } from '../../src/lark/sdk'
import type { Logger } from '../../src/log'
import { card } from '../../templates/card'
import { faults, startFakeLark, type FakeLark } from '../../src/local/fake-lark'

const digest = card({ title: '本周简报', elements: [] })
const toChat = (id: string) => ({ type: 'chat_id' as const, id })
const seconds = async <T>(work: Promise<T>) => {
  const start = Date.now()
  const result = await work
  return { result, seconds: (Date.now() - start) / 1000 }
}

describe('the OpenAPI client against a Lark that keeps its rules', () => {
  let fake: FakeLark
  let logged: string[]
  beforeAll(async () => {
    fake = await startFakeLark()
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.reset()
    logged = []
  })

  const log: Logger = {
    info: () => undefined,
    warn: (line) => logged.push(line),
    error: (line) => logged.push(line),
  }
  const client = (timeoutMs?: number) =>
    createSdkLark({
      appId: 'cli_test',
      appSecret: 's',
      domain: fake.url,
      kv: createMemoryKv(),
      log,
      timeoutMs,
    })

  it('fetches one tenant token for a first wave of parallel sends', async () => {
    const lark = client()
    const sends = Array.from({ length: 10 }, (_, i) =>
      lark.send(toChat(`oc_${i}`), digest, `u${i}`),
    )
    expect(await Promise.all(sends)).toEqual(sends.map(() => 'sent'))
    expect(fake.sent).toHaveLength(10)
    expect(fake.tokenRequests).toBe(1)
  })

  it('still sends with the token cache (Redis) down, fetching the token from Lark', async () => {
    const down = () => Promise.reject(new Error('redis: connection refused'))
    const kv = { get: down, set: down, del: down, incr: down }
    // An app whose token this process has not seen yet, so the cache has to ask KV.
    const lark = createSdkLark({ appId: 'cli_kv_down', appSecret: 's', domain: fake.url, kv, log })
    expect(await lark.send(toChat('oc_1'), digest, 'u1')).toBe('sent')
    expect(await lark.send(toChat('oc_2'), digest, 'u2')).toBe('sent')
    expect(fake.sent).toHaveLength(2)
    expect(logged.some((line) => line.startsWith('kv unavailable'))).toBe(true)
  })

  it('keeps the token in memory once seen, so later calls skip the KV round trip', async () => {
    const asked: string[] = []
    const store = new Map<string, string>()
    const kv = {
      get: async (key: string) => (asked.push(key), store.get(key) ?? null),
      set: async (key: string, value: string) => (store.set(key, value), true),
      del: async () => undefined,
      incr: async () => 1,
    }
    const options = { appId: 'cli_memo', appSecret: 's', domain: fake.url, kv, log }
    expect(await createSdkLark(options).send(toChat('oc_1'), digest, 'm1')).toBe('sent')
    expect(asked).toHaveLength(1)
    // A Worker builds its client per request: the next one still finds the token.
    expect(await createSdkLark(options).send(toChat('oc_2'), digest, 'm2')).toBe('sent')
    expect(asked).toHaveLength(1)
    expect(fake.tokenRequests).toBe(1)
  })

  it('keeps 60 concurrent sends, 10 of them to one group, under every limit Lark enforces', async () => {
    const lark = client()
    const users = Array.from({ length: 50 }, (_, i) => ({
      type: 'open_id' as const,
      id: `ou_${i}`,
    }))
    const tos = [...users, ...Array(10).fill(toChat('oc_leaders'))]
    const sends = tos.map((to, i) => lark.send(to, digest, `u${i}`))
    expect(new Set(await Promise.all(sends))).toEqual(new Set(['sent']))
    expect(fake.sent).toHaveLength(60)
    expect(fake.errorCodes).toEqual([])
  })

  it('paces replies into one chat under its 5 a second when it knows the chat', async () => {
    const lark = client()
    const asked = Array.from({ length: 10 }, (_, i) => `om_paced_${i}`)
    for (const id of asked) fake.messageChats.set(id, 'oc_liaisons')
    const replies = asked.map((id, i) => lark.reply(id, digest, `p${i}`, 'oc_liaisons'))
    expect(new Set(await Promise.all(replies))).toEqual(new Set(['sent']))
    expect(fake.errorCodes).toEqual([])
  })

  it('gets a burst of replies into one busy chat through, pausing on 230020', async () => {
    const lark = client()
    const asked = Array.from({ length: 10 }, (_, i) => `om_user_${i}`)
    for (const id of asked) fake.messageChats.set(id, 'oc_liaisons')
    const { result, seconds: took } = await seconds(
      Promise.all(asked.map((id) => lark.reply(id, digest, `re-${id}`))),
    )
    expect(new Set(result)).toEqual(new Set(['sent']))
    expect(fake.sent.map((m) => m.messageId).sort()).toEqual([...asked].sort())
    expect(fake.errorCodes).toContain(230020)
    expect(took).toBeGreaterThan(1)
  })

  it('gets two processes sending into one chat through, pausing on 230020', async () => {
    const [a, b] = [client(), client()]
    const sends = Array.from({ length: 5 }, (_, i) => [
      a.send(toChat('oc_shared'), digest, `a${i}`),
      b.send(toChat('oc_shared'), digest, `b${i}`),
    ]).flat()
    expect(new Set(await Promise.all(sends))).toEqual(new Set(['sent']))
    expect(fake.sent).toHaveLength(10)
    expect(fake.errorCodes).toContain(230020)
  })

  it('answers retry at once on a 5xx, and within the timeout on a Lark that hangs', async () => {
    const lark = client(300)
    fake.fail(faults.serverError, { to: 'oc_down' })
    fake.fail(faults.hang, { to: 'oc_hung' })
    const down = await seconds(lark.send(toChat('oc_down'), digest, 'u1'))
    const hung = await seconds(lark.send(toChat('oc_hung'), digest, 'u2'))
    expect([down.result, hung.result]).toEqual(['retry', 'retry'])
    expect(down.seconds).toBeLessThan(1)
    expect(hung.seconds).toBeGreaterThanOrEqual(0.29)
    expect(hung.seconds).toBeLessThan(1.5)
    expect(fake.errorCodes).toEqual([1500]) // tried once, not again within the call
    expect(logged[1]).toMatch(/lark send retry: timeout of 300ms exceeded/)
  })

  it('answers refused, without trying again, for what Lark will never take', async () => {
    const lark = client()
    fake.fail(faults.refused(230002, 'The bot can not be outside the group.'), { to: 'oc_gone' })
    fake.fail(faults.refused(230011, 'The message is recalled.'), { to: 'om_recalled' })
    const crowded = card({ title: '太多', elements: Array(201).fill({ tag: 'hr' }) })
    const huge = card({
      title: '太大',
      elements: [{ tag: 'markdown', content: '长'.repeat(11_000) }],
    })
    const answers = [
      await lark.send(toChat('oc_gone'), digest, 'u1'),
      await lark.reply('om_recalled', digest, 'u2'),
      await lark.send(toChat('oc_1'), crowded, 'u3'),
      await lark.send(toChat('oc_1'), huge, 'u4'),
    ]
    const codes = [230002, 230011, 230099, 230025]
    expect(answers).toEqual(codes.map((code) => ({ refused: 'other', code })))
    expect(fake.errorCodes).toEqual(codes)
    expect(logged[0]).toBe(
      'lark send refused: HTTP 400 code 230002 The bot can not be outside the group.',
    )
  })

  it('refuses ids Lark does not know at once, and says which @ and whom it cannot reach', async () => {
    const lark = client()
    fake.tenant.unknown.push('ou_left', 'oc_dissolved', 'om_deleted', 'ou_other_app')
    fake.tenant.unavailable.push('ou_outside')
    const mentions = card({
      title: '催报',
      elements: [{ tag: 'markdown', content: '<at id=ou_zhang></at> <at id=ou_other_app></at>' }],
    })
    const answers = [
      await lark.send({ type: 'open_id', id: 'ou_left' }, digest, 'u1'),
      await lark.reply('om_deleted', digest, 'u2'),
      await lark.send(toChat('oc_dissolved'), digest, 'u3'),
      await lark.send(toChat('oc_1'), mentions, 'u4'),
      await lark.send({ type: 'open_id', id: 'ou_outside' }, digest, 'u5'),
    ]
    expect(answers).toEqual([
      { refused: 'other', code: 99992351 },
      { refused: 'other', code: 99992354 },
      { refused: 'other', code: 99992356 },
      { refused: 'mention', openIds: ['ou_other_app'], code: 230099 },
      { refused: 'unavailable', code: 230013 },
    ])
    // One request each: nothing is tried again.
    expect(fake.errorCodes).toEqual([99992351, 99992354, 99992356, 230099, 230013])
    expect(logged[0]).toBe(
      'lark send refused: HTTP 400 code 99992351 these open ids not existed: [ou_left]',
    )
  })

  it('drops a revoked tenant token and tries once more with a new one', async () => {
    const kv = createMemoryKv()
    const make = () =>
      createSdkLark({ appId: 'cli_revoked', appSecret: 's', domain: fake.url, kv, log })
    expect(await make().send(toChat('oc_1'), digest, 'u1')).toBe('sent')
    fake.revokeToken()
    // Another process shares the KV: it, too, must not keep the revoked token.
    expect(await make().send(toChat('oc_2'), digest, 'u2')).toBe('sent')
    expect(await make().send(toChat('oc_3'), digest, 'u3')).toBe('sent')
    expect(fake.errorCodes).toEqual([99991663])
    expect(fake.tokenRequests).toBe(2)
    expect(fake.sent.map((m) => m.receiveId)).toEqual(['oc_1', 'oc_2', 'oc_3'])
  })

  it('gives up after one new token when Lark still refuses it', async () => {
    const lark = client()
    fake.fail(faults.refused(99991663, 'Invalid access token for authorization'), { to: 'oc_1' })
    expect(await lark.send(toChat('oc_1'), digest, 'u1')).toBe('retry')
    expect(fake.errorCodes).toEqual([99991663, 99991663])
  })

  it('waits out a reset of two seconds, and gives up at once on one past the call budget', async () => {
    const lark = client()
    fake.fail(faults.rateLimited(2), { times: 1, to: 'oc_1' })
    fake.fail(faults.rateLimited(120), { times: 1, to: 'oc_2' })
    const short = await seconds(lark.send(toChat('oc_1'), digest, 'u1'))
    const long = await seconds(lark.send(toChat('oc_2'), digest, 'u2'))
    expect(short.result).toBe('sent')
    expect(short.seconds).toBeGreaterThanOrEqual(2)
    expect(long.result).toBe('retry')
    expect(long.seconds).toBeLessThan(1)
    expect(logged).toEqual([
      'lark send retry: HTTP 429 code 99991400 request trigger frequency limit; a 120 s pause is past the budget',
    ])
  })

  it('answers retry for a code it does not know, and logs the code', async () => {
    const lark = client()
    fake.fail(faults.refused(239999, 'something new'), { times: 1 })
    expect(await lark.send(toChat('oc_1'), digest, 'u1')).toBe('retry')
    expect(logged).toEqual([
      'lark send retry: HTTP 400 code 239999 something new (unclassified code)',
    ])
  })
})
