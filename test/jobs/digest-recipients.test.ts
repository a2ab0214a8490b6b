import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { digestRecipients } from '../../src/jobs/digest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Tuesday 2026-12-01 09:00 in Shanghai.
const TUESDAY = new Date('2026-12-01T01:00:00Z')
const leaders = [
  { openId: 'ou_lead1', name: '赵书记' },
  { openId: 'ou_lead2', name: '钱区长' },
]

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => TUESDAY })
  for (const who of leaders) await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [who] })
})
afterEach(() => bot.close())

const where = async () => (await digestRecipients(bot.deps)).map((r) => `${r.type}:${r.id}`).sort()
const privately = leaders.map((l) => `open_id:${l.openId}`)
const setGroup = () =>
  bot.say(ADMIN, '/设置 周报群', { chatId: 'oc_lead_group', chatType: 'group' })

describe('where the digest goes (/设置 周报方式)', () => {
  it('goes to each leader privately while there is no leaders’ group', async () => {
    expect(await where()).toEqual(privately)
  })

  it('goes once, to the leaders’ group, once one is set: not to each leader as well', async () => {
    await setGroup()
    expect(await where()).toEqual(['chat_id:oc_lead_group'])
  })

  it('follows 私聊, 两者 and 群 as the office sets them', async () => {
    await setGroup()
    expect(cardText(await bot.say(ADMIN, '/设置 周报方式 私聊'))).toContain(
      '每位领导私聊收到周报卡片',
    )
    expect(await where()).toEqual(privately)
    await bot.say(ADMIN, '/设置 周报方式 两者')
    expect(await where()).toEqual([...privately, 'chat_id:oc_lead_group'].sort())
    await bot.say(ADMIN, '/设置 周报方式 群')
    expect(await where()).toEqual(['chat_id:oc_lead_group'])
  })

  it('says when 群 cannot be used yet, and what to type', async () => {
    const card = cardText(await bot.say(ADMIN, '/设置 周报方式 群'))
    expect(card).toContain('还没有设置领导周报群，设置之前仍私聊发送')
    expect(await where()).toEqual(privately)
  })

  it('refuses a way it does not know, naming the current one', async () => {
    const card = cardText(await bot.say(ADMIN, '/设置 周报方式 邮件'))
    expect(card).toContain(
      '请写周报怎么发：私聊、群 或 两者（现在：每位领导私聊收到周报卡片，默认）',
    )
    expect(card).toContain('/设置 周报方式 群')
  })
})
