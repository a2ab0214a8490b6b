import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handlers } from '../../commands'
import { startLongConnection } from '../../src/intake/long-connection'
import { menuEvent, p2pEnteredEvent, SAMPLE_APP_ID, type Who } from '../../src/lark/deliveries'
import type { LongConnection } from '../../src/lark/long-connection'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { ADMIN, createTestBot, type TestBot } from '../support/bot'
import { messageEvent, VERIFICATION_TOKEN } from '../support/events'
import { startFakeLarkWs, type FakeLarkWs } from '../support/fake-lark-ws'
import { zhang } from '../support/liaisons'

const APP = { appId: SAMPLE_APP_ID, appSecret: 'long-connection secret' }

describe('menu clicks and chat entries over the long connection', () => {
  let lark: FakeLark
  let ws: FakeLarkWs
  let bot: TestBot
  let link: LongConnection
  const privately = (who: Who) =>
    lark.sent.filter((m) => m.kind === 'send' && m.receiveId === who.openId)

  async function say(sender: Who, text: string, mentions: Who[] = []) {
    const event = messageEvent({ text, sender, mentions, appId: APP.appId })
    const id = event.event.message.message_id
    lark.messageChats.set(id, 'oc_liaisons')
    expect((await ws.deliver(event)).ack?.code).toBe(200)
    await lark.waitFor((m) => m.kind === 'reply' && m.messageId === id)
  }

  beforeAll(async () => {
    lark = await startFakeLark()
    ws = await startFakeLarkWs(lark, APP)
    bot = await createTestBot({
      env: {
        LARK_APP_ID: APP.appId,
        LARK_APP_SECRET: APP.appSecret,
        LARK_DOMAIN: ws.url,
        LARK_TRANSPORT: 'long-connection',
      },
    })
    link = startLongConnection(bot.deps, handlers, (work) => bot.runner.waitUntil(work))
    await ws.connected()
    await say(ADMIN, '/单位 添加 区财政局')
    await say(ADMIN, '/绑定 @_user_1 区财政局', [zhang])
  })
  afterAll(async () => {
    link?.close()
    await bot?.close()
    await ws?.close()
    await lark?.close()
  })

  it('sends one card for a menu click pushed twice, and greets once', async () => {
    const base = { token: VERIFICATION_TOKEN, appId: APP.appId, operator: zhang }
    const click = menuEvent({ ...base, eventKey: 'progress' })
    const entered = p2pEnteredEvent({ ...base, chatId: 'oc_p2p_zhang' })
    for (const event of [click, click, entered, entered]) {
      expect((await ws.deliver(event)).ack?.code).toBe(200)
    }
    await bot.runner.idle()
    const [progress, greeting, ...more] = privately(zhang)
    expect(more).toEqual([])
    expect(JSON.stringify(progress!.content)).toContain('区财政局')
    expect(JSON.stringify(greeting!.content)).toContain('你是「区财政局」的联络员')
    expect(ws.acks.every((a) => a.code === 200 && a.ms < 3000)).toBe(true)
    expect(bot.errors).toEqual([])
  })
})
