import { normalizeText, squeezeSpaces, toHalfWidth } from './normalize'

// Lark writes each @mention into the text as a placeholder (`@_user_1`) and
// lists what it stands for in `mentions`.
// https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
export type MessageMention = { key: string; openId: string; name: string; bot?: boolean }

export type CommandLineInput = {
  text: string
  mentions: MessageMention[]
  botOpenId?: string
  botName?: string
}

/**
 * The words of a command as typed: only the whitespace between them is read here, so a note's
 * ，and （） reach the command intact. Each parser normalises what it reads (full-width digits,
 * the slash, colons); the registry does the same for the name.
 */
export type CommandLine = {
  name: string
  args: string[]
  mentions: Array<{ openId: string; name: string }>
  raw: string
}

export function parseCommandLine(input: CommandLineInput): CommandLine | null {
  const byKey = new Map(input.mentions.filter((m) => m.key !== '').map((m) => [m.key, m]))
  const text = stripLeadingBot(spaceOutPlaceholders(squeezeSpaces(input.text), [...byKey.keys()]), {
    ...input,
    byKey,
  })
  if (!/^[/／]/.test(text)) return null
  const [name, ...tokens] = text.slice(1).trim().split(' ')
  if (!name) return null
  const args: string[] = []
  const mentions: CommandLine['mentions'] = []
  for (const token of tokens) {
    const m = byKey.get(token)
    if (!m) args.push(token)
    else if (!isBot(m, input)) {
      args.push(`@${m.name}`)
      mentions.push({ openId: m.openId, name: m.name })
    }
    // A mention of the bot itself is addressing, not an argument: `/上报 学习 3 @Bot`.
  }
  return { name, args, mentions, raw: ['/' + name, ...args].join(' ') }
}

// Placeholders can be glued to their neighbours (`@_user_1/上报`). Longest key
// first so `@_user_10` is not read as `@_user_1` followed by `0`.
function spaceOutPlaceholders(text: string, keys: string[]): string {
  if (keys.length === 0) return text
  const sorted = [...keys].sort((a, b) => b.length - a.length)
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g')
  return squeezeSpaces(text.replace(pattern, ' $& '))
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

function isBot(m: MessageMention, input: CommandLineInput): boolean {
  if (input.botOpenId) return m.openId === input.botOpenId
  if (m.bot) return true
  return input.botName !== undefined && m.name === input.botName
}

// Without the bot's open_id we cannot tell it apart, but in a group a command
// only reaches us when the bot is mentioned, so every mention before the slash
// is taken to be addressing. Rich-text messages may carry a literal `@BotName`.
function stripLeadingBot(
  text: string,
  input: CommandLineInput & { byKey: Map<string, MessageMention> },
): string {
  const literal = input.botName ? `@${normalizeText(input.botName)}` : null
  for (;;) {
    const first = text.split(' ', 1)[0] ?? ''
    const m = input.byKey.get(first)
    if (m && (!input.botOpenId || m.openId === input.botOpenId)) {
      text = text.slice(first.length).trimStart()
    } else if (literal && startsWithWord(toHalfWidth(text), literal)) {
      text = text.slice(literal.length).trimStart()
    } else {
      return text
    }
  }
}

const startsWithWord = (text: string, word: string) =>
  text.startsWith(word) && (text.length === word.length || /[ /]/.test(text[word.length]!))
