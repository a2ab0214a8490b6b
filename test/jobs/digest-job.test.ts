import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { faults, startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { addLeaders as addSomeLeaders, LEADERS_GROUP } from '../support/leaders'

// Tuesday 2026-12-01 09:00 in Shanghai: the digest is about 2026-W48 (Nov 23–29).
const TUESDAY = new Date('2026-12-01T01:00:00Z')
const THURSDAY_W48 = new Date('2026-11-26T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }

let bot: TestBot

async function addLeaders(count: number) {
  const leaders = await addSomeLeaders(bot.deps.database, count, TUESDAY)
  return [...leaders.map((id) => `open_id:${id}`), `chat_id:${LEADERS_GROUP}`]
}

async function reportLastWeek() {
  bot.setNow(THURSDAY_W48)
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(zhang, '/上报 学习 4')
  bot.setNow(TUESDAY)
}

const outboxSends = () => bot.outbox.items.filter((i) => i.kind === 'send')
const perRecipient = (tos: string[]) => {
  const counts = new Map<string, number>()
  for (const to of tos) counts.set(to, (counts.get(to) ?? 0) + 1)
  return counts
}

describe('digest job (local outbox)', () => {
  afterEach(() => bot.close())

  it('sends last week to every leader and the leaders group once, however often it runs', async () => {
    bot = await createTestBot({ now: () => TUESDAY })
    await reportLastWeek()
    const expected = await addLeaders(3)
    const first = await bot.runJob('digest', { now: TUESDAY })
    expect(first).toMatchObject({ period: '2026-W48', sent: 4, served: 4, pending: 0 })
    const second = await bot.runJob('digest', { now: TUESDAY })
    expect(second).toMatchObject({ sent: 0, served: 4, pending: 0 })
    expect([...perRecipient(outboxSends().map((s) => s.to)).entries()].sort()).toEqual(
      expected.map((to) => [to, 1]).sort(),
    )
    const text = cardText(outboxSends()[0]!.card)
    expect(text).toContain('主题教育周报 · 上周（11月23日—11月29日）')
    expect(text).toContain('集中学习 4次，前一周没有')
    expect(text).toContain('**未上报 1 个单位**（连续 2 周以上 0 个）\n- 区教育局 · ')
    // A leader's buttons: 催报 (with a confirmation) and the views a leader may open.
    expect(text).toContain('在联络员群里 @ 全部 1 个未上报单位的联络员，确定吗？')
    expect(text).toContain('全区统计')
  })

  it('shows the office the week’s held reports, and which were confirmed since', async () => {
    bot = await createTestBot({ now: () => TUESDAY })
    await reportLastWeek()
    bot.setNow(new Date(THURSDAY_W48.getTime() + 60_000))
    await bot.say(zhang, '/上报 学习 4')
    const repeat = Number(
      (await bot.deps.database.client.execute('select max(id) from reports')).rows[0]![0],
    )
    await bot.say(zhang, '/上报 党课 2')
    await bot.say(zhang, '/上报 党课 2')
    await bot.click(zhang, { a: 'release', report: repeat })
    bot.setNow(TUESDAY)
    await addLeaders(1)
    await bot.runJob('digest', { now: TUESDAY })
    const text = cardText(outboxSends()[0]!.card)
    expect(text).toContain('核对提示**：本周 2 条上报被暂缓计入')
    expect(text).toContain(`区财政局 #${repeat} 集中学习 4次（与本周已报的完全相同，已确认计入）`)
    expect(text).toContain('书记讲党课 2次（与本周已报的完全相同，暂未计入，待联络员确认）')
    expect(text).toContain('集中学习 8次')
  })

  it('resumes a run that died half-way and serves nobody twice', async () => {
    bot = await createTestBot({ now: () => TUESDAY })
    await reportLastWeek()
    const expected = await addLeaders(20)
    let calls = 0
    // Dies after Lark took the 8th message but before it was marked sent.
    bot.useLark((real) => ({
      ...real,
      send: async (to, card, uuid) => {
        const ok = await real.send(to, card, uuid)
        if (++calls === 8) throw new Error('process killed')
        return ok
      },
    }))
    await expect(bot.runJob('digest', { now: TUESDAY })).rejects.toThrow()
    bot.useLark()
    const resumed = await bot.runJob('digest', { now: TUESDAY })
    expect(resumed.served).toBe(21)
    expect(resumed.sent).toBeLessThan(21)
    expect(resumed.pending).toBe(0)
    const counts = perRecipient(outboxSends().map((s) => s.to))
    expect([...counts.keys()].sort()).toEqual([...expected].sort())
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
  })

  it('leaves refused sends pending and serves them on the next run', async () => {
    bot = await createTestBot({ now: () => TUESDAY })
    const expected = await addLeaders(5)
    bot.useLark((real) => ({
      ...real,
      send: async (to, card, uuid) =>
        to.id === 'ou_leader2' ? 'retry' : real.send(to, card, uuid),
    }))
    const first = await bot.runJob('digest', { now: TUESDAY })
    expect(first).toMatchObject({ sent: 5, served: 5, pending: 1 })
    bot.useLark()
    const second = await bot.runJob('digest', { now: TUESDAY })
    expect(second).toMatchObject({ sent: 1, served: 6, pending: 0 })
    expect(
      outboxSends()
        .map((s) => s.to)
        .sort(),
    ).toEqual([...expected].sort())
  })
})

describe('digest job against the fake Lark OpenAPI with 429s', () => {
  let fake: FakeLark
  beforeAll(async () => {
    fake = await startFakeLark()
  })
  afterAll(() => fake.close())

  // 150 leaders: at Lark's 50 calls/s the fan-out takes about three seconds.
  it("serves 150 leaders exactly once, within Lark's limits, waiting out every 429", async () => {
    bot = await createTestBot({
      now: () => TUESDAY,
      env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 'secret', LARK_DOMAIN: fake.url },
    })
    try {
      const expected = await addLeaders(150)
      fake.fail(faults.rateLimited(1), { times: 10 })
      const deliver = { concurrency: 25 }
      const result = await bot.runJob('digest', { now: TUESDAY, deliver })
      expect(result).toMatchObject({ sent: 151, served: 151, pending: 0 })
      const again = await bot.runJob('digest', { now: TUESDAY, deliver })
      expect(again.sent).toBe(0)
      const tos = fake.sent.map((m) => `${m.receiveIdType}:${m.receiveId}`)
      expect(tos).toHaveLength(151)
      expect(new Set(tos)).toEqual(new Set(expected))
      // The 10 429s the test asked for, and not one limit the fan-out ran into itself.
      expect(fake.errorCodes).toEqual(Array(10).fill(99991400))
    } finally {
      await bot.close()
    }
  })
})
