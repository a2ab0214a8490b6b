import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { faults, startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const minutes = (n: number) => new Date(FRIDAY.getTime() + n * 60_000)
const zhang = { openId: 'ou_zhang', name: '张三' }
const leader = { openId: 'ou_leader', name: '赵书记' }

let fake: FakeLark
let bot: TestBot
beforeAll(async () => {
  fake = await startFakeLark()
})
afterAll(() => fake.close())
beforeEach(async () => {
  fake.reset()
  bot = await createTestBot({
    now: () => FRIDAY,
    env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url },
  })
  const p2p = { chatType: 'p2p' as const, chatId: 'oc_admin_p2p' }
  await bot.say(ADMIN, '/单位 添加 区财政局', p2p)
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { ...p2p, mentions: [zhang] })
})
afterEach(() => bot.close())

/** The sweep at `at`, with the bot's clock there too. */
async function sweepAt(at: Date) {
  bot.setNow(at)
  await bot.runJob('sweep', { now: at })
}
const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0])
const officeNotices = (title: string) =>
  fake.sent.filter((m) => m.receiveId === ADMIN.openId && cardText(m.content).includes(title))

describe('nothing is retried past the hour Lark de-duplicates by uuid', () => {
  it('stops retrying a reply an hour after it was first tried, and tells the office once', async () => {
    const event = messageEvent({ text: '/上报 学习 3', sender: zhang, at: FRIDAY })
    const id = event.event.message.message_id
    fake.fail(faults.serverError, { to: id })
    await bot.post(event)
    await sweepAt(minutes(2))
    await sweepAt(minutes(30))
    expect(fake.sent.filter((m) => m.messageId === id)).toEqual([])
    expect(fake.errorCodes.filter((c) => c === 1500).length).toBeGreaterThanOrEqual(3)

    // Lark is back, but the hour is over: a reply now could be the second one the group sees.
    fake.reset()
    await sweepAt(minutes(61))
    await sweepAt(minutes(200))
    expect(fake.sent.filter((m) => m.messageId === id)).toEqual([])
    expect(officeNotices('回复未能发出')).toHaveLength(1)
    expect(cardText(officeNotices('回复未能发出')[0]!.content)).toContain('/上报 学习 3')
    expect(await count('select count(*) from reports')).toBe(1)
    expect(await count("select count(*) from inbound_messages where failure like '%uuid%'")).toBe(1)
  })

  it('stops retrying a scheduled card an hour after it was claimed, and tells the office once', async () => {
    await bot.say(ADMIN, '/角色 领导 @_user_1', {
      chatType: 'p2p',
      chatId: 'oc_admin_p2p',
      mentions: [leader],
    })
    fake.fail(faults.serverError, { to: leader.openId })
    await bot.runJob('digest', { now: FRIDAY })
    await sweepAt(minutes(5))
    fake.reset()
    await sweepAt(minutes(61))
    await sweepAt(minutes(200))
    expect(fake.sent.filter((m) => m.receiveId === leader.openId)).toEqual([])
    const notices = officeNotices('一小时内未能发出')
    expect(notices).toHaveLength(1)
    expect(cardText(notices[0]!.content)).toContain('赵书记')
    const failure = await bot.deps.database.client.execute(
      "select failure from job_deliveries where job = 'digest'",
    )
    expect(String(failure.rows[0]![0])).toContain('uuid')
  })

  it('still retries within the hour, and the reply goes out once', async () => {
    const event = messageEvent({ text: '/上报 学习 3', sender: zhang, at: FRIDAY })
    const id = event.event.message.message_id
    fake.fail(faults.serverError, { to: id, times: 1 })
    await bot.post(event)
    await sweepAt(minutes(2))
    await sweepAt(minutes(59))
    expect(fake.sent.filter((m) => m.messageId === id)).toHaveLength(1)
    expect(officeNotices('回复未能发出')).toEqual([])
  })
})
