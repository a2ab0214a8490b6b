import { UsageError } from '../src/errors'
import { unitById } from '../db/queries/units'
import type { Db } from '../db/client'
import { catalog } from '../src/domain/catalog'
import { emptyFigures } from '../src/domain/figures'
import { NOTHING_TEXT } from '../src/domain/report-args'
import { periodAndRest } from '../src/domain/period'
import { can } from '../src/domain/permissions'
import type { Period } from '../src/domain/week'
import { completionAt, periodFigures } from '../src/documents/figures'
import { todayCard, totalsCard } from '../templates/report-cards'
import { completionBlock } from '../templates/target-cards'
import { defineCommand, type Context } from '../src/handlers'
import { listReports } from '../db/queries/reports'
import { personNames } from '../db/queries/people'
import { missingUnits } from '../src/jobs/missing-data'
import { shanghaiDate, weekKey } from '../src/domain/week'
import { statsCard } from './stats'
import { parsePage, requireUnit } from './support'

/** One unit's figures for a period, with its own targets. */
export async function unitProgressCard(
  db: Db,
  unit: { id: number; name: string },
  period: Period,
  now: Date,
) {
  const figures = await periodFigures(db, catalog, period)
  const completion = await completionAt(db, catalog, period, figures, now)
  return totalsCard(catalog, {
    title: `${unit.name} · ${period.label}`,
    figures: figures.units.get(unit.id) ?? emptyFigures(),
    // A unit that reported 无 has reported: it has no figure, and is not 未报.
    ...(figures.reporting.has(unit.id) ? { empty: `已上报：${NOTHING_TEXT}` } : {}),
    completion: completionBlock(
      completion.items.filter((c) => c.unitId === unit.id),
      completion.asOf,
    ),
  })
}

export default defineCommand({
  name: '进度',
  summary: '查看一个单位的统计数（联络员默认本单位本周）',
  usage: '/进度 [单位] [本周|上周|本月|累计] · /进度 今天',
  action: 'stats.read.own',
  async run(ctx, args) {
    if (TODAY.includes(args[0] ?? '')) return todayProgress(ctx, args.slice(1))
    const ownUnit = ctx.actor.unitId !== null ? await unitById(ctx.db, ctx.actor.unitId) : undefined
    const { rest } = periodAndRest(args, ctx.now)
    const unit = rest ? await requireUnit(ctx.db, rest) : ownUnit
    // Without a unit it is the district's /统计, and means the week /统计 means.
    const { period } = periodAndRest(args, ctx.now, unit ? '本周' : '上周')
    if (!unit) return statsCard(ctx.db, period, ctx.now)
    if (!can(ctx.actor, 'stats.read.own', { unitId: unit.id })) {
      throw new UsageError(`联络员只能查看本单位的进度。`, '发送 /进度 查看本单位。')
    }
    return unitProgressCard(ctx.db, unit, period, ctx.now)
  },
})

const TODAY = ['今天', '今日']

/** /进度 今天: who reported today, for the office and leaders, with the week's count. */
async function todayProgress(ctx: Context, rest: string[]) {
  if (!can(ctx.actor, 'stats.read.all')) {
    throw new UsageError(
      '/进度 今天 是主题教育办和领导看全区今天谁上报了。',
      '联络员发 /进度 查看本单位本周，发 /记录 查看本单位的上报记录。',
    )
  }
  const page = rest.length > 0 ? parsePage(rest[0]!) : 1
  if (page === null)
    throw new UsageError(`看不懂「${rest.join(' ')}」。`, '例：/进度 今天、/进度 今天 2')
  const day = shanghaiDate(ctx.now)
  const from = new Date(`${day}T00:00:00+08:00`)
  const until = new Date(from.getTime() + 24 * 3600_000)
  const [reports, nameOf, week] = await Promise.all([
    listReports(ctx.db, { sent: { from, until }, reportsOnly: true, limit: 5000 }),
    personNames(ctx.db),
    missingUnits(ctx.db, weekKey(ctx.now)),
  ])
  const [, month, date] = day.split('-').map(Number)
  return todayCard(catalog, {
    day: `${month}月${date}日`,
    reports,
    nameOf,
    week: { reported: week.activeUnits - week.missing.length, due: week.activeUnits },
    page,
  })
}
