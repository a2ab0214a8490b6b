import { SOURCES, STATUS_NAMES, type Status } from '../src/domain/rectification'
import { card, esc, md, table } from './card'

export type TallyRow = { source: string; status: Status; n: number; overdue: number }

const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)}%`

/** `/整改 统计`: the ledger as reported upward — by status, by source, 销号率 and overdue. */
export function rectificationStatsCard(rows: TallyRow[], today: string) {
  const sum = (pick: (r: TallyRow) => boolean, of: (r: TallyRow) => number = (r) => r.n) =>
    rows.filter(pick).reduce((n, r) => n + of(r), 0)
  const all = sum(() => true)
  const closed = sum((r) => r.status === 'closed')
  const overdue = sum(
    () => true,
    (r) => r.overdue,
  )
  const statuses = (Object.keys(STATUS_NAMES) as Status[])
    .map((s) => `${STATUS_NAMES[s]} ${sum((r) => r.status === s)}`)
    .join('　')
  const known = new Set<string>(SOURCES)
  const sources = [...SOURCES, ...new Set(rows.map((r) => r.source).filter((s) => !known.has(s)))]
  const bySource = sources
    .map((source) => {
      const mine = (r: TallyRow) => r.source === source
      const total = sum(mine)
      const done = sum((r) => mine(r) && r.status === 'closed')
      return {
        source: esc(source),
        total,
        closed: done,
        rate: percent(done, total),
        overdue: sum(mine, (r) => r.overdue),
      }
    })
    .filter((r) => r.total > 0)
  return card({
    title: '整改台账统计',
    subtitle: `截至 ${today}`,
    colour: overdue > 0 ? 'red' : 'blue',
    elements: [
      md(
        [
          `**共 ${all} 项**　${statuses}`,
          `**销号率**：${percent(closed, all)}（已销号 ${closed} ÷ 全部 ${all}）`,
          `**逾期**：${overdue > 0 ? `<font color='red'>${overdue} 项</font>` : '0 项'}`,
        ].join('\n'),
      ),
      ...(bySource.length > 0
        ? [
            table({
              columns: [
                { name: 'source', label: '问题来源' },
                { name: 'total', label: '总数', align: 'right' },
                { name: 'closed', label: '已销号', align: 'right' },
                { name: 'rate', label: '销号率', align: 'right' },
                { name: 'overdue', label: '逾期', align: 'right' },
              ],
              rows: bySource,
            }),
          ]
        : [md('还没有整改事项。')]),
    ],
  })
}
