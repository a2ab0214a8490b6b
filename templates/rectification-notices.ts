import type { RectificationItem } from '../db/queries/rectifications'
import type { RectificationHistory } from '../db/schema'
import { card, clip, esc, md, mention, type Element } from './card'
import { itemMarkdown } from './rectification-cards'

/** Who a notice to a unit is for: the liaisons it @mentions in a group, and how to type there. */
export type Addressed = { mentions: string[]; say: string }

export const greeting = (to: Addressed): Element[] =>
  to.mentions.length > 0 ? [md(to.mentions.map(mention).join(' '))] : []

export const closeHint = (code: string, to: Addressed) =>
  `整改完成后点台账卡片上的 **销号**，或发送 **${esc(to.say)}/整改 销号 ${code} <整改成效>**；佐证图片、文件可回复台账卡片发送。`

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
