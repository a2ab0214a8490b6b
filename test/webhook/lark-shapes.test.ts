import { afterEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent, VERIFICATION_TOKEN } from '../support/events'
import { FAKE_BOT_OPEN_ID, startFakeLark } from '../../src/local/fake-lark'

// Monday 2026-11-30 01:00 in Shanghai; Sunday 23:50 is still 2026-W48.
const MONDAY = new Date('2026-11-29T17:00:00Z')
const SUNDAY_NIGHT = new Date('2026-11-29T15:50:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const botMention = { openId: 'ou_the_bot', name: '统计机器人' }
let bot: TestBot

afterEach(() => bot.close())

const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0])

async function campaign(env: Record<string, string> = {}) {
  bot = await createTestBot({ env, now: () => MONDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
}

describe('messages as real Lark delivers them', () => {
  it("takes the bot's @ wherever it stands, by name or by mentioned_type", async () => {
    await campaign()
    const atEnd = await bot.say(zhang, '/上报 学习 1 @_user_1', { mentions: [botMention] })
    expect(cardText(atEnd)).toContain('集中学习 1次')
    const event = messageEvent({
      text: '/上报 @_user_1 党课 1',
      sender: zhang,
      mentions: [{ openId: 'ou_x', name: '机器人' }],
      at: MONDAY,
    })
    event.event.message.mentions[0]!['mentioned_type' as never] = 'bot' as never
    expect((await bot.post(event)).status).toBe(200)
    expect(cardText(bot.replyTo(event.event.message.message_id))).toContain('党课 1')
    expect(await count('select count(*) from reports')).toBe(2)
  })

  it('knows its own @ by the open_id Lark gives it, whatever the bot is called', async () => {
    const fake = await startFakeLark()
    try {
      await campaign({ LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url })
      const renamed = { openId: FAKE_BOT_OPEN_ID, name: '主题教育统计' }
      const event = messageEvent({
        text: '/上报 学习 1 @_user_1',
        sender: zhang,
        mentions: [renamed],
        at: MONDAY,
      })
      const id = event.event.message.message_id
      expect((await bot.post(event)).status).toBe(200)
      const reply = await fake.waitFor((m) => m.kind === 'reply' && m.messageId === id)
      expect(JSON.stringify(reply.content)).toContain('集中学习 1次')
      expect(await count('select count(*) from reports')).toBe(1)
    } finally {
      await fake.close()
    }
  })

  it('counts a report in the week it was sent, however late it is processed', async () => {
    await campaign()
    const late = messageEvent({ text: '/上报 学习 2', sender: zhang, at: SUNDAY_NIGHT })
    await bot.post(late)
    expect(cardText(await bot.say(zhang, '/进度 上周'))).toContain('集中学习 2次')
    expect(cardText(await bot.say(zhang, '/进度 本周'))).not.toContain('集中学习 2次')
  })

  it('answers 200 and changes nothing for 1.0, unknown and malformed events', async () => {
    await campaign()
    const before = await count('select count(*) from inbound_messages')
    const v1 = { uuid: 'u1', token: VERIFICATION_TOKEN, ts: '1', type: 'event_callback', event: {} }
    const unknown = { ...messageEvent({ text: '/帮助', sender: zhang }), schema: '2.0' }
    unknown.header = { ...unknown.header, event_type: 'im.message.reaction.created_v1' }
    const malformed = messageEvent({ text: '/帮助', sender: zhang })
    ;(malformed.event.message as { chat_id?: unknown }).chat_id = undefined
    const oddPost = messageEvent({
      text: '',
      sender: zhang,
      chatType: 'p2p',
      messageType: 'post',
      content: JSON.stringify({ zh_cn: { content: [null, [{ tag: 'emotion' }, 7], 'x'] } }),
    })
    for (const body of [v1, unknown, malformed, oddPost]) {
      expect((await bot.post(body)).status).toBe(200)
    }
    expect(await count('select count(*) from inbound_messages')).toBe(before + 1)
    expect(await count('select count(*) from reports')).toBe(0)
    expect(bot.errors).toEqual([])
  })

  it('ignores an event for another app', async () => {
    bot = await createTestBot({
      env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: 'http://127.0.0.1:9' },
    })
    const other = messageEvent({ text: '/帮助', sender: zhang, appId: 'cli_someone_else' })
    expect((await bot.post(other)).status).toBe(200)
    expect(await count('select count(*) from inbound_messages')).toBe(0)
  })

  it('says how to start when it is added to a group', async () => {
    await campaign()
    const added = {
      schema: '2.0',
      header: {
        event_id: 'ev_added_1',
        event_type: 'im.chat.member.bot.added_v1',
        create_time: String(MONDAY.getTime()),
        token: VERIFICATION_TOKEN,
        app_id: SAMPLE_APP_ID,
        tenant_key: 't',
      },
      event: { chat_id: 'oc_new_group', operator_id: { open_id: ADMIN.openId }, name: '新群' },
    }
    expect((await bot.post(added)).status).toBe(200)
    expect((await bot.post(added)).status).toBe(200)
    const welcome = bot.outbox.items.filter((i) => i.to === 'chat_id:oc_new_group')
    expect(welcome).toHaveLength(1)
    expect(cardText(welcome[0]!.card)).toContain('@统计机器人 /设置 联络员群')
  })
})
