import { randomUUID } from 'node:crypto'

/** Who the bot is in the console's group chats: Lark only delivers group messages that @ it. */
export const CONSOLE_BOT = { openId: 'ou_console_bot', name: '统计机器人' }
const TENANT = 'console_tenant'

export type Mention = { openId: string; name: string }

const id = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '')}`

/**
 * An im.message.receive_v1 delivery as Lark sends it: each @mention is a `@_user_N`
 * placeholder in the text, listed in `mentions`.
 * https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 */
export function messageEvent(opts: {
  token: string
  sender: string
  chat: { id: string; type: 'p2p' | 'group' }
  text: string
  mentions: Mention[]
}) {
  const messageId = id('om_')
  const mentions = opts.mentions.map((m, i) => ({
    key: `@_user_${i + 1}`,
    id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: m.openId },
    name: m.name,
    tenant_key: TENANT,
  }))
  const header = envelopeHeader('im.message.receive_v1', opts.token)
  const message = {
    message_id: messageId,
    create_time: String(Date.now()),
    chat_id: opts.chat.id,
    chat_type: opts.chat.type,
    message_type: 'text',
    content: JSON.stringify({ text: opts.text }),
    mentions,
  }
  const sender = {
    sender_id: { open_id: opts.sender, union_id: `on_${opts.sender}`, user_id: opts.sender },
    sender_type: 'user',
    tenant_key: TENANT,
  }
  return { messageId, body: { schema: '2.0', header, event: { sender, message } } }
}

/**
 * A card.action.trigger callback (card JSON 2.0).
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
export function cardActionEvent(opts: {
  token: string
  operator: string
  value: Record<string, unknown>
  formValue?: Record<string, unknown>
  tag: string
  messageId: string
  chatId: string
}) {
  const action = {
    value: opts.value,
    tag: opts.tag,
    timezone: 'Asia/Shanghai',
    ...(opts.formValue ? { form_value: opts.formValue } : {}),
  }
  return {
    schema: '2.0',
    header: envelopeHeader('card.action.trigger', opts.token),
    event: {
      operator: { open_id: opts.operator, tenant_key: TENANT },
      action,
      host: 'im_message',
      context: { open_message_id: opts.messageId, open_chat_id: opts.chatId },
    },
  }
}

function envelopeHeader(eventType: string, token: string) {
  return {
    event_id: id('ev_'),
    event_type: eventType,
    create_time: String(Date.now()),
    token,
    app_id: 'cli_console',
    tenant_key: TENANT,
  }
}
