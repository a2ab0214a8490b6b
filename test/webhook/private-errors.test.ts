import { afterEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/deliveries'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'
import { faults, startFakeLark, type FakeLark } from '../../src/local/fake-lark'

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

describe('errors in a group reach only their sender', () => {
  it('shows a wrong indicator and a refusal 仅对你可见, while receipts stay in the group', async () => {
    await campaign()
    const before = bot.outbox.items.length
    await bot.say(zhang, '/上报 四下 3')
    await bot.say(stranger, '/上报 学习 3')
    const shown = bot.outbox.items.slice(before)
    expect(shown.map((i) => [i.kind, i.to, i.chat])).toEqual([
      ['ephemeral', 'open_id:ou_zhang', GROUP],
      ['ephemeral', 'open_id:ou_stranger', GROUP],
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

  it('goes through Lark’s ephemeral API, and privately when Lark will not show it there', async () => {
    fake = await startFakeLark()
    await campaign({ LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url })
    const setUp = fake.sent.length
    await bot.post(messageEvent({ text: '/上报 四下 3', sender: zhang, at: FRIDAY }))
    const shown = await fake.waitFor((m) => m.kind === 'ephemeral')
    expect([shown.receiveId, shown.chatId]).toEqual(['ou_zhang', GROUP])
    expect(JSON.stringify(shown.content)).toContain('四下基层')

    fake.fail(faults.refused(230002, 'Bot is not in the chat'), { to: GROUP })
    await bot.post(messageEvent({ text: '/上报 学习 -1', sender: zhang, at: FRIDAY }))
    const dm = await fake.waitFor((m) => m.kind === 'send' && m.receiveId === 'ou_zhang')
    expect(dm.receiveIdType).toBe('open_id')
    expect(JSON.stringify(dm.content)).toContain('大于 0 的整数')
    expect(fake.sent.slice(setUp).filter((m) => m.kind === 'reply')).toEqual([])
  })
})
