import type { RectificationItem } from '../db/queries/rectifications'
import type { RectificationHistory } from '../db/schema'
import { card, clip, esc, md, mention, type Element } from './card'
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

export const closeHint = (code: string, to: Addressed) =>
  `整改完成后点台账卡片上的 **销号**，或发送 **${esc(to.say)}/整改 销号 ${code} <整改成效>**。\n${esc(evidenceHint(code, to.botName))}`

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
        `请按时限整改，进展发送 **${esc(audience.say)}/整改 进展 ${item.code} <说明>**。\n${closeHint(item.code, audience)}`,
      ),
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
      ...(approved ? [] : [md(`请继续整改。${closeHint(item.code, audience)}`)]),
    ],
  })
}
