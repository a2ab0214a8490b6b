import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryKv } from '../../src/kv'
import { createSdkLark } from '../../src/lark/sdk'
import { silentLogger } from '../../src/log'
import { card } from '../../templates/card'
import { startFakeLark, type FakeLark } from '../support/fake-lark'

describe('the OpenAPI client', () => {
  let fake: FakeLark
  beforeAll(async () => {
    fake = await startFakeLark()
  })
  afterAll(() => fake.close())
  beforeEach(() => fake.reset())

  const client = () =>
    createSdkLark({
      appId: 'cli_test',
      appSecret: 's',
      domain: fake.url,
      kv: createMemoryKv(),
      log: silentLogger,
    })

  it('fetches one tenant token for a first wave of parallel sends', async () => {
    const lark = client()
    const digest = card({ title: '本周简报', elements: [] })
    const sends = Array.from({ length: 10 }, (_, i) =>
      lark.send({ type: 'chat_id', id: `oc_${i}` }, digest, `u${i}`),
    )
    expect(await Promise.all(sends)).toEqual(sends.map(() => true))
    expect(fake.sent).toHaveLength(10)
    expect(fake.tokenRequests).toBe(1)
  })
})
