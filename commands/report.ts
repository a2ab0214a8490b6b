import { UsageError } from '../src/errors'
import { z } from 'zod'
import { findPerson } from '../db/queries/people'
import { listReports, releaseReport, reportWrites } from '../db/queries/reports'
import { weeklyHistory } from '../db/queries/totals'
import { unitById } from '../db/queries/units'
import { catalog } from '../src/domain/catalog'
import { outliers, sameFigures } from '../src/domain/holds'
import { can } from '../src/domain/permissions'
import { parseReportArgs, type ReportArgs } from '../src/domain/report-args'
import { weekLabel } from '../src/domain/period'
import { addWeeks, weekKey } from '../src/domain/week'
import { unitWeekTotals } from '../src/reports/figures'
import { receiptCard } from '../templates/report-cards'
import { defineAction } from './actions'
import { defineCommand } from './define'
import { refuseIfLocked } from './locked-week'

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
    // Last week may have gone upward already: a late report into it is refused once locked.
    await refuseIfLocked(ctx, week, '补报')
    const items = args.items.map((i) => ({ indicator: i.indicator.key, amount: i.amount }))
    const keys = items.map((i) => i.indicator)
    const [unit, before, sameWeek, history, sender] = await Promise.all([
      unitById(ctx.db, unitId),
      unitWeekTotals(ctx.db, catalog, unitId, week),
      listReports(ctx.db, { unitId, week, includeRevoked: false }),
      weeklyHistory(ctx.db, unitId, keys, week),
      findPerson(ctx.db, ctx.sender.openId),
    ])
    // Compared with what still stands of each: a figure a /更正 replaced is no longer there.
    const standing = (r: (typeof sameWeek)[number]) => r.items.filter((i) => !i.replaced)
    const first = sameWeek.findLast((r) => sameFigures(standing(r), items))
    const implausible = outliers(items, history)
    const held = first
      ? ('duplicate' as const)
      : implausible.length > 0
        ? ('outlier' as const)
        : null
    const row = {
      id: await ctx.reserveId('reports'),
      messageId: ctx.messageId,
      unitId,
      week,
      reporterOpenId: ctx.sender.openId,
      note: args.note,
      createdAt: ctx.now,
      held,
      items,
    }
    ctx.stage(...reportWrites(row))
    // The week's totals as they stand once this report is in (a held one adds nothing yet); a
    // stock's new value replaces the one before.
    const weekTotals = new Map(before)
    for (const i of held ? [] : items) {
      const stock = catalog.byKey(i.indicator)?.kind === 'stock'
      weekTotals.set(i.indicator, (stock ? 0 : (weekTotals.get(i.indicator) ?? 0)) + i.amount)
    }
    const firstBy = first && (await findPerson(ctx.db, first.reporterOpenId))
    return receiptCard(catalog, {
      report: {
        ...row,
        unitName: unit?.name ?? '',
        revokedBy: null,
        revokedAt: null,
        releasedBy: null,
        releasedAt: null,
      },
      reporter: sender?.name || null,
      weekLabel: weekLabel(week, ctx.now),
      weekTotals,
      hold: first
        ? { kind: 'duplicate', first, firstBy: firstBy?.name || null }
        : held
          ? { kind: 'outlier', items: implausible }
          : undefined,
    })
  },
})

/** The liaison (or an admin) counts a held report after all: 仍要记一次 / 核对无误，计入. */
export const releaseAction = defineAction({
  name: 'release',
  schema: z.object({ a: z.literal('release'), report: z.number().int().positive() }),
  action: 'report.write',
  async run(ctx, value) {
    const [report] = await listReports(ctx.db, { ids: [value.report] })
    if (!report) return { toast: { type: 'error', content: `没有记录号 #${value.report}。` } }
    if (!can(ctx.actor, 'report.revoke', { unitId: report.unitId })) {
      return {
        toast: {
          type: 'error',
          content: `记录 #${report.id} 不是你们单位的，只有本单位联络员或管理员能确认。`,
        },
      }
    }
    if (report.revokedAt) {
      return { toast: { type: 'info', content: `记录 #${report.id} 已撤销，不再计入。` } }
    }
    if (report.items.every((i) => i.replaced)) {
      const content = `记录 #${report.id} 的数已被 /更正 取代，不再计入。`
      return { toast: { type: 'info', content } }
    }
    const fresh = await releaseReport(ctx.db, report.id, ctx.actor.openId, ctx.now)
    const [after] = await listReports(ctx.db, { ids: [report.id] })
    const reporter = await findPerson(ctx.db, report.reporterOpenId)
    const card = receiptCard(catalog, {
      report: after!,
      reporter: reporter?.name || null,
      weekLabel: weekLabel(report.week, ctx.now),
      weekTotals: await unitWeekTotals(ctx.db, catalog, report.unitId, report.week),
    })
    return {
      toast: fresh
        ? { type: 'success', content: `记录 #${report.id} 已计入合计。` }
        : { type: 'info', content: `记录 #${report.id} 已经计入过了，合计没有变化。` },
      card: { type: 'raw', data: card },
    }
  },
})
