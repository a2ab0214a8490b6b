import type { RectificationItem } from '../db/queries/rectifications'
import { card, clip, esc, md, mention } from './card'
import { when } from './format'
import { itemMarkdown } from './rectification-cards'

/**
 * A 销号 review card once the office answered it: every admin's copy says what was decided, by
 * whom and when, and has no buttons left to decide with.
 */
export function rectificationReviewDecidedCard(opts: {
  item: RectificationItem
  approved: boolean
  by: string
  at: Date
  note: string
  today: string
}) {
  const { item } = opts
  const verdict = opts.approved ? '已同意销号' : '已退回'
  return card({
    title: `销号审核 ${item.code} · ${verdict}`,
    colour: opts.approved ? 'green' : 'grey',
    elements: [
      md(itemMarkdown(item, opts.today, 200)),
      md(`<font color='grey'>${verdict}：${mention(opts.by)} · ${when(opts.at)}</font>`),
      ...(opts.approved || !opts.note ? [] : [md(`**退回理由**：${esc(clip(opts.note, 500))}`)]),
    ],
  })
}
