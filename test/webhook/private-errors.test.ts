import { afterEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const stranger = { openId: 'ou_stranger', name: '路人' }
const GROUP = 'oc_liaisons'
let bot: TestBot
let fake: FakeLark | undefined

afterEach(async () => {
  await bot.close()
  await fake?.close()
  fake = undefined
})

async function campaign(env: Record<string, string> = {}) {
  bot = await createTestBot({ env, now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局', { chatType: 'p2p', chatId: 'oc_admin' })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang], chatType: 'p2p' })
}

const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0])

describe('errors in a group reach only their sender, durably', () => {
  it('sends a wrong indicator and a refusal privately, while receipts stay in the group', async () => {
    await campaign()
    const before = bot.outbox.items.length
    await bot.say(zhang, '/上报 四下 3')
    await bot.say(stranger, '/上报 学习 3')
    const shown = bot.outbox.items.slice(before)
    expect(shown.map((i) => [i.kind, i.to])).toEqual([
      ['send', 'open_id:ou_zhang'],
      ['send', 'open_id:ou_stranger'],
    ])
    expect(cardText(shown[0]!.card)).toContain('你是不是要上报「四下基层」')
    expect(cardText(shown[1]!.card)).toContain('尚未绑定单位')
    expect(cardText(await bot.say(zhang, '/上报 学习 3'))).toContain('已记录')
    expect(await count('select count(*) from reports')).toBe(1)
  })

  it('replies as before in a private chat', async () => {
    await campaign()
    const reply = await bot.say(zhang, '/上报 四下 3', { chatType: 'p2p', chatId: 'oc_p2p' })
    expect(cardText(reply)).toContain('四下基层')
  })

  it('reaches a liaison whose phone is offline: a private message, never only 仅对你可见', async () => {
    fake = await startFakeLark()
    await campaign({ LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url })
    fake.tenant.offline.push(zhang.openId)
    const setUp = fake.sent.length
    await bot.post(messageEvent({ text: '/上报 四下 3', sender: zhang, at: FRIDAY }))
    const dm = await fake.waitFor((m) => m.kind === 'send' && m.receiveId === 'ou_zhang')
    expect(dm.receiveIdType).toBe('open_id')
    expect(JSON.stringify(dm.content)).toContain('四下基层')
    expect(fake.sent.slice(setUp).map((m) => m.kind)).toEqual(['send'])
    expect(fake.unseen).toEqual([])
    expect(await count('select count(*) from reports')).toBe(0)
  })

  it('answers in the group when Lark will not take a private message (可用范围)', async () => {
    fake = await startFakeLark()
    await campaign({ LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url })
    fake.tenant.unavailable.push(zhang.openId)
    const event = messageEvent({ text: '/上报 学习 -1', sender: zhang, at: FRIDAY })
    fake.messageChats.set(event.event.message.message_id, GROUP)
    await bot.post(event)
    const id = event.event.message.message_id
    const reply = await fake.waitFor((m) => m.kind === 'reply' && m.messageId === id)
    expect(JSON.stringify(reply.content)).toContain('大于 0 的整数')
    expect(fake.errorCodes).toContain(230013)
    expect(await count('select count(*) from inbound_messages where replied_at is null')).toBe(0)
  })
})
