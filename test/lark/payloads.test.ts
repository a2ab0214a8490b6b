import { describe, expect, it } from 'vitest'
import {
  botRemovedEvent,
  cardActionEvent,
  menuEvent,
  messageEvent,
  p2pEnteredEvent,
} from '../../src/lark/payloads'
import { fixture } from '../support/fixtures'

/** Every key, and what kind of value it holds; the records a card defines are just 'record'. */
function shape(value: unknown, path = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => shape(v, path))
  if (value === null || typeof value !== 'object') return typeof value
  if (/\.action\.(value|form_value)$/.test(path)) return 'record'
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, shape(v, `${path}.${k}`)]),
  )
}

// The builders carry the sample's constant fields themselves; this keeps them Lark's shape.
describe("deliveries have the shape of Lark's sample payloads", () => {
  const who = { openId: 'ou_someone', name: '张三' }

  it('im.message.receive_v1', () => {
    const built = messageEvent({
      token: 't',
      text: '@_user_1 hello',
      sender: who,
      chatId: 'oc_chat',
      chatType: 'group',
      mentions: [who],
    })
    expect(shape(built)).toEqual(shape(fixture('im.message.receive_v1.json')))
  })

  it('card.action.trigger', () => {
    const built = cardActionEvent({
      token: 't',
      operator: who,
      value: { key: 'value' },
      formValue: { field: '1' },
      messageId: 'om_card',
      chatId: 'oc_chat',
    })
    expect(shape(built)).toEqual(shape(fixture('card.action.trigger.json')))
  })

  it('application.bot.menu_v6', () => {
    const built = menuEvent({ token: 't', operator: who, eventKey: 'report' })
    expect(shape(built)).toEqual(shape(fixture('application.bot.menu_v6.json')))
  })

  it('im.chat.access_event.bot_p2p_chat_entered_v1', () => {
    const built = p2pEnteredEvent({
      token: 't',
      chatId: 'oc_p2p',
      operator: who,
      lastMessageAt: new Date(),
    })
    expect(shape(built)).toEqual(
      shape(fixture('im.chat.access_event.bot_p2p_chat_entered_v1.json')),
    )
  })

  it('im.chat.member.bot.deleted_v1', () => {
    const built = botRemovedEvent({ token: 't', chatId: 'oc_chat', operator: who, name: '群' })
    expect(shape(built)).toEqual(shape(fixture('im.chat.member.bot.deleted_v1.json')))
  })
})
