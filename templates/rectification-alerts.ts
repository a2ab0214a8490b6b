import type { RectificationItem } from '../db/queries/rectifications'
import { daysBetween } from '../src/domain/dates'
import { card, md } from './card'
import { itemMarkdown } from './rectification-cards'

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

/** To a unit's liaisons: their items due within the next days. */
export function dueSoonCard(unitName: string, items: RectificationItem[], today: string) {
  return card({
    title: `整改时限临近 · ${unitName}`,
    colour: 'orange',
    elements: [
      ...items.map((item) =>
        md(`${itemMarkdown(item, today)}\n<font color='orange'>${dueIn(item, today)}</font>`),
      ),
      md(`整改完成后请发送 **/整改 销号 <编号> <完成情况>**；需要延期请联系主题教育办。`),
    ],
  })
}
