import { z } from 'zod'

/** Shapes of what Lark posts to the webhook (https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case). */
export const urlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: z.string(),
  token: z.string().optional(),
})

export const envelope = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string(),
    token: z.string().optional(),
    create_time: z.string().optional(),
    app_id: z.string().optional(),
  }),
  event: z.unknown(),
})

const mention = z.object({
  key: z.string(),
  id: z.object({ open_id: z.string().optional() }),
  name: z.string().default(''),
  /** Some deliveries mark a mention of a bot; the bot's own open_id is the sure sign. */
  mentioned_type: z.string().optional(),
})

/** https://open.feishu.cn/document/server-docs/im-v1/message/events/receive */
export const messageEvent = z.object({
  sender: z.object({
    sender_id: z.object({ open_id: z.string() }),
    sender_type: z.string().default('user'),
  }),
  message: z.object({
    message_id: z.string().min(1),
    /** The message this one replies to, and the first message of that thread. */
    parent_id: z.string().optional(),
    root_id: z.string().optional(),
    /** When it was sent, in ms since the epoch, as a string. */
    create_time: z.string().optional(),
    chat_id: z.string(),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(mention).optional(),
  }),
})

/** https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication */
export const cardActionEvent = z.object({
  operator: z.object({ open_id: z.string() }),
  action: z.object({
    value: z.record(z.string(), z.unknown()).default({}),
    form_value: z.record(z.string(), z.unknown()).optional(),
    tag: z.string().optional(),
  }),
  context: z
    .object({ open_message_id: z.string().optional(), open_chat_id: z.string().optional() })
    .default({}),
})

export type MessageEvent = z.infer<typeof messageEvent>
export type CardActionEvent = z.infer<typeof cardActionEvent>

type PostNode = {
  tag?: unknown
  text?: unknown
  user_id?: unknown
  image_key?: unknown
  file_key?: unknown
  file_name?: unknown
}

/** An image or a file a message carries, by its Lark key. */
export type Attachment = { kind: 'image' | 'file'; key: string; name: string | null }

/** The plain text of a text or rich-text (post) message; mentions stay as their @_user_N keys. */
export function messageText(type: string, content: string): string | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    return null
  }
  if (!parsed || typeof parsed !== 'object') return null
  if (type === 'text') {
    const text = (parsed as { text?: unknown }).text
    return typeof text === 'string' ? text : null
  }
  if (type !== 'post') return null
  const post = postBody(parsed)
  if (!post) return null
  // Lark adds node kinds over time (emotion, code_block, media…); what is not text is skipped.
  return post.map((line) => (Array.isArray(line) ? line.map(nodeText).join('') : '')).join('\n')
}

function nodeText(node: unknown): string {
  if (!node || typeof node !== 'object') return ''
  const { tag, text, user_id: userId } = node as PostNode
  if (tag === 'at') return typeof userId === 'string' ? ` ${userId} ` : ''
  return typeof text === 'string' ? text : ''
}

function postBody(parsed: object): unknown[] | null {
  const direct = (parsed as { content?: unknown }).content
  if (Array.isArray(direct)) return direct
  // Some deliveries wrap the post per language: { zh_cn: { title, content } }.
  for (const value of Object.values(parsed as Record<string, unknown>)) {
    const inner = (value as { content?: unknown } | null)?.content
    if (Array.isArray(inner)) return inner
  }
  return null
}

/**
 * The images and files a message carries: an image or file message (`{"image_key"}`,
 * `{"file_key","file_name"}`), or the img and media nodes of a rich-text post.
 * https://open.feishu.cn/document/server-docs/im-v1/message-content-description/message_content
 */
export function messageAttachments(type: string, content: string): Attachment[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    return []
  }
  if (!parsed || typeof parsed !== 'object') return []
  if (type === 'image' || type === 'file')
    return [attachment(parsed as PostNode)].flatMap((a) => a ?? [])
  if (type !== 'post') return []
  const nodes = (postBody(parsed) ?? []).flatMap((line) => (Array.isArray(line) ? line : []))
  return nodes.flatMap((node) => attachment(node as PostNode | null) ?? [])
}

function attachment(node: PostNode | null): Attachment | null {
  // A post's lines may hold null or bare values among their nodes; they carry nothing.
  if (!node || typeof node !== 'object') return null
  if (typeof node.image_key === 'string' && (node.tag === undefined || node.tag === 'img'))
    return { kind: 'image', key: node.image_key, name: null }
  if (typeof node.file_key === 'string') {
    const name = typeof node.file_name === 'string' ? node.file_name : null
    return { kind: 'file', key: node.file_key, name }
  }
  return null
}
