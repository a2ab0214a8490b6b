/**
 * What Lark takes in one card message, and the size our builders stay within.
 *
 * Bytes: "卡片消息、富文本消息请求体最大不能超过 30 KB", counted on the `content` string, and
 * "如果消息中包含样式标签，会使实际消息体长度大于您输入的请求体长度" — so we aim for 25 KB
 * (https://open.feishu.cn/document/server-docs/im-v1/message/create, code 230025).
 *
 * Elements: "卡片 JSON 2.0 结构中，一张卡片最多支持 200 个元素（如 tag 为 plain_text 的文本元素）
 * 或组件。请将组件和元素的数量之和控制在 200 个以内" — every object with a `tag`, however deeply
 * nested: the header's title, a button and its text, each column of a column_set, a form and
 * its fields, each option of a select (its text is a plain_text), a confirm dialog's texts
 * (https://open.feishu.cn/document/feishu-cards/card-json-v2-structure, code 230099 / 11310).
 */
export const LARK_CARD_BYTES = 30 * 1024
export const CARD_BYTES = 25 * 1024
export const CARD_ELEMENTS = 200

const encoder = new TextEncoder()
const utf8Bytes = (text: string) => encoder.encode(text).length

/** Bytes `text` takes inside the card's JSON: quotes, backslashes and newlines are escaped. */
export const jsonBytes = (text: string) => utf8Bytes(JSON.stringify(text)) - 2

/** Components and elements as Lark counts them: every object with a `tag`. */
export function countElements(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + countElements(item), 0)
  if (node === null || typeof node !== 'object') return 0
  const own = typeof (node as { tag?: unknown }).tag === 'string' ? 1 : 0
  return own + countElements(Object.values(node))
}

export function cardSize(card: unknown): { bytes: number; elements: number } {
  return { bytes: utf8Bytes(JSON.stringify(card)), elements: countElements(card) }
}

export function cardFits(card: unknown): boolean {
  const { bytes, elements } = cardSize(card)
  return bytes <= CARD_BYTES && elements <= CARD_ELEMENTS
}

/**
 * Lines in order, grouped so each group joined by `separator` takes at most `budget` bytes of
 * card JSON. A line longer than the budget gets a group of its own; callers clip their lines.
 */
export function packLines(lines: string[], budget: number, separator = '\n'): string[][] {
  const gap = jsonBytes(separator)
  const groups: string[][] = []
  let group: string[] = []
  let used = 0
  for (const line of lines) {
    const cost = jsonBytes(line)
    if (group.length > 0 && used + gap + cost > budget) {
      groups.push(group)
      group = []
    }
    used = group.length > 0 ? used + gap + cost : cost
    group.push(line)
  }
  return group.length > 0 ? [...groups, group] : groups
}

/** Under one page of a long list: how many pages, and what to send for the next and previous. */
export function pageNote(
  what: string,
  page: number,
  pages: number,
  command: (p: number) => string,
) {
  const go = (p: number) => `**${command(p)}**`
  const ways = [
    ...(page < pages ? [`下一页发送 ${go(page + 1)}`] : []),
    ...(page > 1 ? [`上一页发送 ${go(page - 1)}`] : []),
  ]
  return `<font color='grey'>${what}，分 ${pages} 页；${ways.join('，')}。</font>`
}
