import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { startFakeLark, type FakeLark, type SentMessage } from '../../src/local/fake-lark'
import { esc } from '../../templates/card'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Friday 2026-11-27 15:00 in Shanghai: week 2026-W48; the next Friday is in W49.
const FRIDAY = new Date('2026-11-27T07:00:00Z')
const NEXT_FRIDAY = new Date('2026-12-04T07:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li_from_another_app', name: '李四' }
const leader = { openId: 'ou_leader', name: '赵书记' }
const GROUP = 'oc_liaisons'

let fake: FakeLark
let bot: TestBot
let now = FRIDAY
beforeAll(async () => {
  fake = await startFakeLark()
})
afterAll(() => fake.close())
beforeEach(async () => {
  fake.reset()
  now = FRIDAY
  bot = await createTestBot({
    now: () => now,
    env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url },
  })
  const p2p = { chatType: 'p2p' as const, chatId: 'oc_admin_p2p' }
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局', p2p)
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { ...p2p, mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { ...p2p, mentions: [li] })
  await bot.say(ADMIN, '/设置 联络员群', { chatId: GROUP })
})
afterEach(() => bot.close())

const toOffice = () =>
  fake.sent.filter((m) => m.receiveIdType === 'open_id' && m.receiveId === ADMIN.openId)
const text = (m: SentMessage) => JSON.stringify(m.content)

describe('a card Lark refuses for an @ it does not know', () => {
  it('goes again with the name in plain text, and the office hears once which id is wrong', async () => {
    fake.tenant.unknown.push(li.openId)
    await bot.runJob('remind', { now })
    const reminder = fake.sent.find((m) => m.kind === 'send' && m.receiveId === GROUP)!
    expect(text(reminder)).toContain('<at id=ou_zhang></at>')
    expect(text(reminder)).not.toContain(`<at id=${li.openId}>`)
    expect(text(reminder)).toContain('**李四**')
    expect(fake.errorCodes).toEqual([230099])

    const notices = toOffice().filter((m) => text(m).includes('飞书不认识'))
    expect(notices).toHaveLength(1)
    // Escaped so markdown shows the underscores rather than reading them as italics.
    expect(text(notices[0]!)).toContain(esc(li.openId))
    expect(text(notices[0]!)).toContain('李四')

    // A week later the same id fails again: the card still arrives, the office is not told twice.
    now = NEXT_FRIDAY
    await bot.runJob('remind', { now })
    const reminders = fake.sent.filter((m) => m.kind === 'send' && m.receiveId === GROUP)
    expect(reminders).toHaveLength(2)
    expect(text(reminders[1]!)).toContain('**李四**')
    expect(toOffice().filter((m) => text(m).includes('飞书不认识'))).toHaveLength(1)
  })
})

describe('a private card for someone outside the app’s 可用范围', () => {
  it('@s them in the group instead, and the office hears once whom to add', async () => {
    await bot.say(ADMIN, '/角色 领导 @_user_1', {
      chatType: 'p2p',
      chatId: 'oc_admin_p2p',
      mentions: [leader],
    })
    fake.tenant.unavailable.push(leader.openId)
    await bot.runJob('digest', { now })
    const inGroup = fake.sent.filter((m) => m.receiveId === GROUP)
    expect(inGroup).toHaveLength(1)
    expect(text(inGroup[0]!)).toContain(`<at id=${leader.openId}></at>`)
    expect(cardText(inGroup[0]!.content)).toContain('不在应用的可用范围内')
    expect(fake.sent.filter((m) => m.receiveId === leader.openId)).toEqual([])
    const notices = () => toOffice().filter((m) => text(m).includes('可用范围'))
    expect(notices()).toHaveLength(1)
    expect(cardText(notices()[0]!.content)).toContain('赵书记')

    now = NEXT_FRIDAY
    await bot.runJob('digest', { now })
    expect(fake.sent.filter((m) => m.receiveId === GROUP)).toHaveLength(2)
    expect(notices()).toHaveLength(1)
    const [row] = (
      await bot.deps.database.client.execute(
        "select count(*) from job_deliveries where failure is not null and job = 'digest'",
      )
    ).rows
    expect(Number(row![0])).toBe(0)
  })

  it('without a group to @ them in, records why and still tells the office', async () => {
    await bot.say(ADMIN, '/角色 领导 @_user_1', {
      chatType: 'p2p',
      chatId: 'oc_admin_p2p',
      mentions: [leader],
    })
    await bot.deps.database.client.execute("delete from settings where key = 'chat.liaisons'")
    fake.tenant.unavailable.push(leader.openId)
    await bot.runJob('digest', { now })
    expect(fake.sent.filter((m) => m.receiveIdType === 'chat_id')).toEqual([])
    const { rows } = await bot.deps.database.client.execute(
      "select failure from job_deliveries where job = 'digest'",
    )
    expect(String(rows[0]!.failure)).toContain('code 230013')
    expect(toOffice().filter((m) => text(m).includes('可用范围'))).toHaveLength(1)
  })
})
