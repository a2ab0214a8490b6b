import { fixture } from './fixtures'

/** The Verification Token the tests configure: the one in Lark's sample event. */
export const VERIFICATION_TOKEN = fixture('im.message.receive_v1.json').header.token as string

let seq = 0
const nextId = (prefix: string) =>
  `${prefix}${Date.now().toString(16)}${(++seq).toString(16).padStart(6, '0')}`

/** A delivery's header: a fresh event_id and our Verification Token unless a test says otherwise. */
function header<H extends object>(base: H, opts: { eventId?: string; token?: string }) {
  return {
    ...base,
    event_id: opts.eventId ?? nextId('ev_'),
    token: opts.token ?? VERIFICATION_TOKEN,
  }
}

export type Who = { openId: string; name?: string }
export type MentionSpec = Who & { key?: string }

/** An im.message.receive_v1 delivery built from Lark's own sample, with overrides. */
export function messageEvent(opts: {
  text: string
  sender: Who
  chatId?: string
  chatType?: 'group' | 'p2p'
  mentions?: MentionSpec[]
  messageId?: string
  eventId?: string
  token?: string
  messageType?: 'text' | 'post'
  content?: string
}) {
  const base = fixture('im.message.receive_v1.json')
  const mentions = (opts.mentions ?? []).map((m, i) => ({
    key: m.key ?? `@_user_${i + 1}`,
    id: { open_id: m.openId, union_id: `on_${m.openId}`, user_id: m.openId },
    name: m.name ?? m.openId,
    tenant_key: base.header.tenant_key,
  }))
  return {
    ...base,
    header: header(base.header, opts),
    event: {
      ...base.event,
      sender: {
        ...base.event.sender,
        sender_id: { ...base.event.sender.sender_id, open_id: opts.sender.openId },
      },
      message: {
        ...base.event.message,
        message_id: opts.messageId ?? nextId('om_'),
        chat_id: opts.chatId ?? 'oc_liaisons',
        chat_type: opts.chatType ?? 'group',
        message_type: opts.messageType ?? 'text',
        content: opts.content ?? JSON.stringify({ text: opts.text }),
        mentions,
      },
    },
  }
}

/** A card.action.trigger callback built from Lark's own sample. */
export function cardActionEvent(opts: {
  value: Record<string, unknown>
  operator: Who
  formValue?: Record<string, unknown>
  eventId?: string
  token?: string
  messageId?: string
  chatId?: string
}) {
  const base = fixture('card.action.trigger.json')
  return {
    ...base,
    header: header(base.header, opts),
    event: {
      ...base.event,
      operator: { ...base.event.operator, open_id: opts.operator.openId },
      action: { ...base.event.action, value: opts.value, form_value: opts.formValue ?? {} },
      context: {
        open_message_id: opts.messageId ?? 'om_card',
        open_chat_id: opts.chatId ?? 'oc_liaisons',
      },
    },
  }
}
