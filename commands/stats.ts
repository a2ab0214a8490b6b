import { UsageError } from '../src/errors'
import { reportingUnitIds, totals } from '../db/queries/reports'
import { listUnits } from '../db/queries/units'
import type { Db } from '../db/client'
import { catalog } from '../src/domain/catalog'
import { periodAndRest, weeksOf } from '../src/domain/period'
import type { Period } from '../src/domain/week'
import { esc } from '../templates/card'
import { totalsCard } from '../templates/report-cards'
import { defineCommand } from './define'

/** All units' totals by category, and how many of the units expected to report did. */
export async function statsCard(db: Db, period: Period) {
  const weeks = weeksOf(period)
  const [sums, reported, active] = [
    await totals(db, { weeks }),
    await reportingUnitIds(db, weeks),
    await listUnits(db, { activeOnly: true }),
  ]
  const missing = active.filter((u) => !reported.has(u.id)).map((u) => esc(u.name))
  const footer = [
    `已上报单位 **${active.filter((u) => reported.has(u.id)).length}** / ${active.length}`,
    ...(period.kind === 'week' && missing.length > 0 ? [`未上报：${missing.join('、')}`] : []),
  ].join('\n')
  return totalsCard(catalog, { title: '全区统计', periodLabel: period.label, sums, footer })
}

export default defineCommand({
  name: '统计',
  summary: '全区各指标合计（按类别），以及上报单位数',
  usage: '/统计 [本周|上周|本月|累计]',
  action: 'stats.read.all',
  async run(ctx, args) {
    const { period, rest } = periodAndRest(args, ctx.now)
    if (rest)
      throw new UsageError(
        `看不懂「${rest}」。`,
        '例：/统计 本周、/统计 累计；查看单个单位用 /进度 单位名称',
      )
    return statsCard(ctx.db, period)
  },
})
