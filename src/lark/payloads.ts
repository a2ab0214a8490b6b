import { randomUUID } from 'node:crypto'

/**
 * Builders of what Lark POSTs to the webhook, for the local console, the tests and the bench.
 * Each has the shape of Lark's own sample payload (test/lark/payloads.test.ts holds them to
 * it); the fields the bot never reads keep the sample's values.
 */

export type Who = { openId: string; name?: string }
/** Someone @mentioned; `key` is the `@_user_N` placeholder standing for them in the text. */
export type Mention = Who & { key?: string }

/** The sample's app; a test or the console names the configured one. */
export const SAMPLE_APP_ID = 'cli_9f5343c580712544'
const TENANT_KEY = '2ca1d211f64f6438'
const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 13_2_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/101.0.4951.53 Safari/537.36 Lark/6.7.5 LarkLocale/en_US ttnet SDK-Version/6.7.8'

const newId = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '')}`

const userId = (openId: string) => ({
  union_id: `on_${openId}`,
  user_id: openId,
  open_id: openId,
})

type HeaderOptions = {
  token: string
  eventId?: string
  appId?: string
  /** When the person acted: the event's and the message's create_time. */
  at?: Date
}

function header(eventType: string, opts: HeaderOptions) {
  return {
    event_id: opts.eventId ?? newId('ev_'),
    event_type: eventType,
    create_time: String((opts.at ?? new Date()).getTime()),
    token: opts.token,
    app_id: opts.appId ?? SAMPLE_APP_ID,
    tenant_key: TENANT_KEY,
  }
}

export type MessageEventOptions = HeaderOptions & {
  text: string
  sender: Who
  chatId: string
  chatType: 'group' | 'p2p'
  mentions?: Mention[]
  messageId?: string
  messageType?: 'text' | 'post' | 'image' | 'file'
  /** A reply: the message replied to, and the first message of its thread. */
  parentId?: string
  rootId?: string
  /** The raw content; by default `{"text": text}`. */
  content?: string
}

/**
 * An im.message.receive_v1 delivery: each @mention is a `@_user_N` placeholder in the text,
 * listed in `mentions`.
 * https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 */
export function messageEvent(opts: MessageEventOptions) {
  const now = String((opts.at ?? new Date()).getTime())
  const mentions = (opts.mentions ?? []).map((m, i) => ({
    key: m.key ?? `@_user_${i + 1}`,
    id: userId(m.openId),
    name: m.name ?? m.openId,
    tenant_key: TENANT_KEY,
  }))
  const message = {
    message_id: opts.messageId ?? newId('om_'),
    root_id: opts.rootId ?? opts.parentId ?? 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
    parent_id: opts.parentId ?? 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
    create_time: now,
    update_time: now,
    chat_id: opts.chatId,
    thread_id: 'omt_d4be107c616',
    chat_type: opts.chatType,
    message_type: opts.messageType ?? 'text',
    content: opts.content ?? JSON.stringify({ text: opts.text }),
    mentions,
    user_agent: USER_AGENT,
  }
  const sender = {
    sender_id: userId(opts.sender.openId),
    sender_type: 'user',
    tenant_key: TENANT_KEY,
  }
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', opts),
    event: { sender, message },
  }
}

export type CardActionEventOptions = HeaderOptions & {
  operator: Who
  value: Record<string, unknown>
  formValue?: Record<string, unknown>
  tag?: string
  /** The message that carries the card, and its chat. */
  messageId: string
  chatId: string
}

/**
 * A card.action.trigger callback (card JSON 2.0).
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication
 */
export function cardActionEvent(opts: CardActionEventOptions) {
  const action = {
    value: opts.value,
    tag: opts.tag ?? 'button',
    timezone: 'Asia/Shanghai',
    form_value: opts.formValue ?? {},
    name: 'Button_lvkepfu3',
  }
  return {
    schema: '2.0',
    header: header('card.action.trigger', opts),
    event: {
      operator: { tenant_key: TENANT_KEY, ...userId(opts.operator.openId) },
      token: 'c-295ee57216a5dc9de90fefd0aadb4b1d7d000000',
      action,
      host: 'im_message',
      context: { open_message_id: opts.messageId, open_chat_id: opts.chatId },
    },
  }
}

export type MenuEventOptions = HeaderOptions & { operator: Who; eventKey: string }

/**
 * An application.bot.menu_v6 delivery: a click on the bot's menu, configured in the developer
 * console with an event_key (docs/lark-setup.md). Its fields are those of the SDK's typed
 * handler for the event (larksuite/node-sdk types, 机器人自定义菜单).
 */
export function menuEvent(opts: MenuEventOptions) {
  return {
    schema: '2.0',
    header: header('application.bot.menu_v6', opts),
    event: {
      operator: {
        operator_name: opts.operator.name ?? '',
        operator_id: userId(opts.operator.openId),
      },
      event_key: opts.eventKey,
      timestamp: Math.floor((opts.at ?? new Date()).getTime() / 1000),
    },
  }
}

export type ChatEventOptions = HeaderOptions & { chatId: string; operator: Who }

/** An im.chat.access_event.bot_p2p_chat_entered_v1 delivery: someone opened the private chat. */
export function p2pEnteredEvent(opts: ChatEventOptions & { lastMessageAt?: Date }) {
  const last = opts.lastMessageAt
  return {
    schema: '2.0',
    header: header('im.chat.access_event.bot_p2p_chat_entered_v1', opts),
    event: {
      chat_id: opts.chatId,
      operator_id: userId(opts.operator.openId),
      last_message_id: last ? newId('om_') : '',
      last_message_create_time: last ? String(last.getTime()) : '',
    },
  }
}

/** An im.chat.member.bot.deleted_v1 delivery: the bot was removed from a group. */
export function botRemovedEvent(opts: ChatEventOptions & { name: string }) {
  return {
    schema: '2.0',
    header: header('im.chat.member.bot.deleted_v1', opts),
    event: {
      chat_id: opts.chatId,
      operator_id: userId(opts.operator.openId),
      external: false,
      operator_tenant_key: TENANT_KEY,
      name: opts.name,
      i18n_names: { zh_cn: opts.name, en_us: '', ja_jp: '' },
    },
  }
}
