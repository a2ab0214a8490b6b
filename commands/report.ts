import { UsageError } from '../src/errors'
import { reportWrites, totals } from '../db/queries/reports'
import { unitById } from '../db/queries/units'
import { catalog } from '../src/domain/catalog'
import { parseReportArgs, type ReportArgs } from '../src/domain/report-args'
import { weekLabel } from '../src/domain/period'
import { addWeeks, weekKey } from '../src/domain/week'
import { receiptCard } from '../templates/report-cards'
import { defineCommand } from './define'

export default defineCommand<ReportArgs>({
  name: '上报',
  aliases: ['报', 'report'],
  summary: '上报本单位本周的统计数，整条消息要么全部记录，要么都不记录',
  usage: '/上报 [上周] 学习 3 [党课 1 …] [备注：…]',
  action: 'report.write',
  parse(args) {
    const parsed = parseReportArgs(args, catalog)
    if (!parsed.ok) throw new UsageError(`${parsed.error}\n整条消息都没有记录，请改正后重新发送。`)
    return parsed
  },
  async run(ctx, args) {
    const unitId = ctx.actor.unitId
    if (unitId === null) {
      throw new UsageError(
        '你还没有绑定参学单位，无法替单位上报。',
        '管理员可先发送「/绑定 @自己 单位名称」。',
      )
    }
    const week = args.lastWeek ? addWeeks(weekKey(ctx.now), -1) : weekKey(ctx.now)
    const items = args.items.map((i) => ({ indicator: i.indicator.key, amount: i.amount }))
    const [unit, before] = await Promise.all([
      unitById(ctx.db, unitId),
      totals(ctx.db, { weeks: [week], unitId }),
    ])
    const row = {
      id: await ctx.reserveId('reports'),
      messageId: ctx.messageId,
      unitId,
      week,
      reporterOpenId: ctx.sender.openId,
      note: args.note,
      createdAt: ctx.now,
      items,
    }
    ctx.stage(...reportWrites(row))
    // The week's totals as they stand once this report is in.
    const weekTotals = new Map(before)
    for (const i of items)
      weekTotals.set(i.indicator, (weekTotals.get(i.indicator) ?? 0) + i.amount)
    return receiptCard(catalog, {
      report: { ...row, unitName: unit?.name ?? '', revokedBy: null, revokedAt: null },
      weekLabel: weekLabel(week, ctx.now),
      weekTotals,
    })
  },
})
