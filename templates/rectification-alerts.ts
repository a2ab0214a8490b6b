import type { RectificationItem } from '../db/queries/rectifications'
import { daysBetween } from '../src/domain/dates'
import { card, esc, md } from './card'
import { CARD_BYTES, packLines } from './card-limits'
import { itemMarkdown } from './rectification-cards'
import { closeButtons, closeHint, greeting, type Addressed } from './rectification-notices'

/** To the office: an item has passed its deadline without being struck off. */
export function overdueAlertCard(item: RectificationItem, today: string) {
  return card({
    title: `整改事项逾期 ${item.code}`,
    colour: 'red',
    elements: [
      md(itemMarkdown(item, today, 200)),
      md(`发送 **/整改 详情 ${item.code}** 查看进展，或 **/整改 逾期** 查看全部逾期事项。`),
    ],
  })
}

const dueIn = (item: RectificationItem, today: string) => {
  const days = daysBetween(today, item.deadline)
  return days === 0 ? '今天到期' : `${days}天后到期`
}

// What the list of items may take of a card; the header and the closing lines fit in the rest.
const ITEMS_BYTES = CARD_BYTES - 3 * 1024

/**
 * To a unit's liaisons: their items due within the next days, soonest first. The liaison acts
 * on each item from /整改 anyway, so a list too long for one card is cut and points there
 * rather than arriving as a burst of messages.
 */
export function dueSoonCard(opts: {
  unitName: string
  items: RectificationItem[]
  today: string
  botName: string
}) {
  const { unitName, items, today } = opts
  // The due-soon list goes to each liaison privately.
  const privately: Addressed = { mentions: [], say: '', botName: opts.botName }
  const blocks = items.map(
    (item) => `${itemMarkdown(item, today)}\n<font color='orange'>${dueIn(item, today)}</font>`,
  )
  const [lines = []] = packLines(blocks, ITEMS_BYTES, '\n\n')
  const shown = items.slice(0, lines.length)
  const rest = items.length - shown.length
  return card({
    title: `整改时限临近 · ${unitName}`,
    colour: 'orange',
    elements: [
      md(lines.join('\n\n')),
      ...(rest > 0
        ? [md(`另有 ${rest} 项也将到期，发送 **/整改 ${esc(unitName)}** 查看全部。`)]
        : []),
      md(`${closeHint(shown, privately)}\n需要延期请联系主题教育办。`),
      ...closeButtons(shown, privately),
    ],
  })
}

/** To a unit's liaisons: their items past the deadline, the longest overdue first. */
export function unitOverdueCard(opts: {
  unitName: string
  items: RectificationItem[]
  today: string
  audience: Addressed
}) {
  const { items, audience } = opts
  const [shown = []] = packLines(
    items.map((item) => itemMarkdown(item, opts.today)),
    ITEMS_BYTES,
    '\n\n',
  )
  const rest = items.length - shown.length
  return card({
    title: `整改事项逾期 · ${opts.unitName}`,
    colour: 'red',
    elements: [
      ...greeting(audience),
      md(shown.join('\n\n')),
      ...(rest > 0
        ? [
            md(
              `另有 ${rest} 项逾期，发送 **${esc(audience.say)}/整改 逾期 ${esc(opts.unitName)}** 查看全部。`,
            ),
          ]
        : []),
      md(
        `已完成的请尽快申请销号。${closeHint(items.slice(0, shown.length), audience)}\n需要延期请联系主题教育办。`,
      ),
      ...closeButtons(items.slice(0, shown.length), audience),
    ],
  })
}
