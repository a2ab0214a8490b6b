import type { RectificationItem } from '../db/queries/rectifications'
import type { RectificationHistory } from '../db/schema'
import { button, buttons, card, clip, esc, md, mention, type Element } from './card'
import { itemMarkdown } from './rectification-cards'

/**
 * Who a notice to a unit is for: the liaisons it @mentions in a group, how to type there, and
 * the bot's name, for what must be typed in a group wherever the notice is read.
 */
export type Addressed = { mentions: string[]; say: string; botName: string }

export const greeting = (to: Addressed): Element[] =>
  to.mentions.length > 0 ? [md(to.mentions.map(mention).join(' '))] : []

/**
 * How 佐证 images and files reach the bot, as plain text. In a group the bot hears only a
 * message that @s it, and an image or file message cannot carry an @: a rich-text (post)
 * message can, with the command and the images or files together. In a private chat an image
 * or file sent in reply to the item's card is enough.
 */
export const evidenceHint = (code: string, botName: string) =>
  `佐证图片、文件：在群里发一条富文本消息，写上「@${botName} /整改 佐证 ${code}」并在同一条消息里插入图片或文件（只发图片、文件，机器人在群里收不到）；私聊机器人时，也可以把图片、文件直接回复到该事项的卡片上。`

// A card holds 200 elements and a row of buttons wraps on a phone: past this many the typed
// command, with a real code, stays the way to the rest.
const MAX_CLOSE_BUTTONS = 6

/**
 * A 销号 button for each item a notice names (up to MAX_CLOSE_BUTTONS), opening its 销号 form;
 * after it is submitted the unit's outstanding items show.
 */
export function closeButtons(items: RectificationItem[], to: Addressed): Element[] {
  const shown = items.slice(0, MAX_CLOSE_BUTTONS)
  if (shown.length === 0) return []
  const privately = to.mentions.length === 0
  return [
    buttons(
      ...shown.map((item) =>
        button({
          text: items.length === 1 ? '销号' : `销号 ${item.code}`,
          type: 'primary',
          value: {
            a: 'ledger-close',
            code: item.code,
            l: { v: 'outstanding', u: item.unitId, p: 0, ...(privately ? { pr: 1 } : {}) },
          },
        }),
      ),
    ),
  ]
}

/** How to strike off the items a notice names: the buttons closeButtons adds, or the command. */
export function closeHint(items: RectificationItem[], to: Addressed): string {
  const [first] = items
  if (!first) return ''
  const say = esc(to.say)
  if (items.length > 1)
    return `整改完成后点对应编号的 **销号** 填写整改成效，或发送 **${say}/整改 销号 ${first.code} <整改成效>**（编号换成要销号的事项）。\n${esc(evidenceHint(first.code, to.botName))}`
  return `整改完成后点下方 **销号** 填写整改成效，或发送 **${say}/整改 销号 ${first.code} <整改成效>**。\n${esc(evidenceHint(first.code, to.botName))}`
}

/** To the responsible unit's liaisons: an item was put on the ledger for them. */
export function newItemNoticeCard(opts: {
  item: RectificationItem
  today: string
  audience: Addressed
}) {
  const { item, audience } = opts
  return card({
    title: `新挂账整改事项 ${item.code}`,
    colour: 'blue',
    elements: [
      ...greeting(audience),
      md(itemMarkdown(item, opts.today, 200)),
      ...(item.measures ? [md(`**整改措施**：${esc(clip(item.measures, 500))}`)] : []),
      md(
        `请按时限整改，进展发送 **${esc(audience.say)}/整改 进展 ${item.code} <说明>**。\n${closeHint([item], audience)}`,
      ),
      ...closeButtons([item], audience),
    ],
  })
}

/** To the responsible unit's liaisons: the office approved or sent back their 销号 request. */
export function decisionNoticeCard(opts: {
  item: RectificationItem
  decision: RectificationHistory
  today: string
  audience: Addressed
}) {
  const { item, decision, audience } = opts
  const approved = decision.action === 'approve'
  const note = esc(clip(decision.note ?? '', 500))
  return card({
    title: `${item.code} ${approved ? '已同意销号' : '销号申请被退回'}`,
    colour: approved ? 'green' : 'orange',
    elements: [
      ...greeting(audience),
      md(itemMarkdown(item, opts.today, 200)),
      md(approved ? `主题教育办已同意销号。${note ? `\n${note}` : ''}` : `**退回理由**：${note}`),
      ...(approved
        ? []
        : [md(`请继续整改。${closeHint([item], audience)}`), ...closeButtons([item], audience)]),
    ],
  })
}
