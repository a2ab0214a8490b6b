import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { BOT_MENTION, messageEvent } from '../support/events'

// Friday 2026-11-27 10:00 in Shanghai.
const NOW = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
let bot: TestBot

afterEach(() => bot.close())

const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0])

async function campaign() {
  bot = await createTestBot({ now: () => NOW })
  await bot.say(ADMIN, '/单位 添加 区财政局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
}

describe('what the fault scripts sent', () => {
  it('answers a click whose week is not a week with a toast and a 200, writing nothing', async () => {
    await campaign()
    const before = await count('select count(*) from card_actions')
    for (const value of [
      { a: 'nudge', week: '2026-W99' },
      { a: 'nudge', week: '2026-W00', p: 1 },
      { a: 'open', v: 'stats', w: '2025-W53' },
      { a: 'open', v: 'unit', w: '2026-W60', u: 1 },
    ]) {
      const { status, body } = await bot.click(ADMIN, value)
      expect(status).toBe(200)
      expect(body.toast.content).toContain('请重新发送命令')
    }
    expect(await count('select count(*) from card_actions')).toBe(before)
    expect(bot.outbox.items.filter((i) => i.kind !== 'reply')).toEqual([])
    expect(bot.errors).toEqual([])
  })

  it('takes a post whose lines hold null nodes, answers once and leaves nothing to retry', async () => {
    await campaign()
    const post = messageEvent({
      text: '',
      sender: zhang,
      messageType: 'post',
      at: NOW,
      mentions: [BOT_MENTION],
      content: JSON.stringify({
        zh_cn: {
          title: '',
          content: [
            [
              { tag: 'at', user_id: '@_user_1', user_name: BOT_MENTION.name },
              { tag: 'text', text: ' /上报 学习 2' },
              null,
              7,
            ],
            [null],
          ],
        },
      }),
    })
    expect((await bot.post(post)).status).toBe(200)
    expect(cardText(bot.replyTo(post.event.message.message_id))).toContain('集中学习 2次')
    expect(bot.errors).toEqual([])
    expect(await count('select count(*) from inbound_messages where pending_at is not null')).toBe(
      0,
    )
    expect((await bot.post(post)).status).toBe(200)
    expect(await count('select count(*) from reports')).toBe(1)
  })
})
