import { UsageError } from '../src/errors'
import { listUnits } from '../db/queries/units'
import type { Db } from '../db/client'
import { catalog } from '../src/domain/catalog'
import { periodAndRest } from '../src/domain/period'
import type { Period } from '../src/domain/week'
import { completionAt, periodFigures } from '../src/documents/figures'
import { esc } from '../templates/card'
import { totalsCard } from '../templates/report-cards'
import { completionBlock } from '../templates/target-cards'
import { defineCommand } from '../src/handlers'
import { NOTHING_TEXT } from '../src/domain/report-args'

/** The district's figures by category, and how many of the units expected to report did. */
export async function statsCard(db: Db, period: Period, now: Date) {
  const [figures, active] = await Promise.all([
    periodFigures(db, catalog, period),
    listUnits(db, { activeOnly: true }),
  ])
  const completion = await completionAt(db, catalog, period, figures, now)
  const reported = figures.reporting
  const missing = active.filter((u) => !reported.has(u.id)).map((u) => esc(u.name))
  const footer = [
    `已上报单位 **${active.filter((u) => reported.has(u.id)).length}** / ${active.length}`,
    ...(period.kind === 'week' && missing.length > 0 ? [`未上报：${missing.join('、')}`] : []),
  ].join('\n')
  return totalsCard(catalog, {
    title: `全区统计 · ${period.label}`,
    figures: figures.district,
    // Units did report, all of them 无: not "nobody reported".
    ...(reported.size > 0 ? { empty: `已上报的单位都报了${NOTHING_TEXT}` } : {}),
    footer,
    completion: completionBlock(
      completion.items.filter((c) => c.unitId === null),
      completion.asOf,
    ),
  })
}

export default defineCommand({
  name: '统计',
  summary: '全区各指标的数（按类别），以及上报单位数；默认上周（最近一个完整的周）',
  usage: '/统计 [上周|本周|本月|累计]',
  action: 'stats.read.all',
  async run(ctx, args) {
    const { period, rest } = periodAndRest(args, ctx.now, '上周')
    if (rest)
      throw new UsageError(
        `看不懂「${rest}」。`,
        '例：/统计 上周、/统计 累计；查看单个单位用 /进度 单位名称',
      )
    return statsCard(ctx.db, period, ctx.now)
  },
})
