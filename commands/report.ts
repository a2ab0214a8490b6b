import { UsageError } from '../src/errors'
import { z } from 'zod'
import { findPerson } from '../db/queries/people'
import { listReports, releaseWrites, reportWrites, type ReportView } from '../db/queries/reports'
import type { Db } from '../db/client'
import type { Pending } from '../db/queries/totals'
import { catalog } from '../src/domain/catalog'
import { outliers } from '../src/domain/holds'
import { can } from '../src/domain/permissions'
import { parseReportArgs, type ReportArgs } from '../src/domain/report-args'
import { weekLabel } from '../src/domain/period'
import { addWeeks, weekKey } from '../src/domain/week'
import { unitWeekTotals, weekAsShown } from '../src/reports/figures'
import { reportContext } from '../db/queries/report-context'
import { receiptCard } from '../templates/report-cards'
import { reportFormValue } from '../templates/report-form'
import { defineAction } from '../src/handlers'
import { defineCommand, type Context } from '../src/handlers'
import { formArgs, reportForm } from './report-form'
import { refuseIfCovered } from './locked-week'

export default defineCommand<ReportArgs | null>({
  name: '上报',
  aliases: ['报', 'report'],
  summary:
    '上报本单位本周的统计数，整条消息要么全部记录，要么都不记录；只发 /上报 会给出一张填写表',
  usage: '/上报 [上周] 学习 3 [党课 1 …] [备注：…]',
  action: 'report.write',
  parse(args) {
    // A bare /上报 asks for the form.
    if (args.join('').trim() === '') return null
    const parsed = parseReportArgs(args, catalog)
    if (!parsed.ok) throw new UsageError(`${parsed.error}\n整条消息都没有记录，请改正后重新发送。`)
    return parsed
  },
  run: (ctx, args) => (args ? recordReport(ctx, args) : reportForm(ctx, requireUnit(ctx))),
})

/** What recording a report needs: a message's context, or a form submission's. */
export type ReportContext = Pick<
  Context,
  'db' | 'actor' | 'sender' | 'now' | 'messageId' | 'stage' | 'newId'
>

function requireUnit(ctx: Pick<Context, 'actor'>): number {
  if (ctx.actor.unitId !== null) return ctx.actor.unitId
  throw new UsageError(
    '你还没有绑定参学单位，无法替单位上报。',
    '发送「/绑定 单位名称」申请绑定，管理员同意后即可上报。',
  )
}

/**
 * One report, from a typed /上报 or a submitted form alike: validation, the lock, the
 * duplicate and outlier holds, the staged writes, and the receipt.
 */
export async function recordReport(ctx: ReportContext, args: ReportArgs) {
  const unitId = requireUnit(ctx)
  const week = args.lastWeek ? addWeeks(weekKey(ctx.now), -1) : weekKey(ctx.now)
  const items = args.items.map((i) => ({ indicator: i.indicator.key, amount: i.amount }))
  const read = await reportContext(ctx.db, { unitId, week, items, sender: ctx.sender.openId })
  // Last week may have gone upward already: a late report into it is refused once locked.
  await refuseIfCovered(ctx, read.lock, week, '补报')
  const first = read.repeats
  const implausible = outliers(items, read.history)
  const held = first ? ('duplicate' as const) : implausible.length > 0 ? ('outlier' as const) : null
  const row = {
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
  const weekTotals = weekAsShown(catalog, read.thisWeek)
  for (const i of held ? [] : items) {
    const stock = catalog.byKey(i.indicator)?.kind === 'stock'
    weekTotals.set(i.indicator, (stock ? 0 : (weekTotals.get(i.indicator) ?? 0)) + i.amount)
  }
  return receiptCard(catalog, {
    report: {
      ...row,
      id: ctx.newId('reports'),
      unitName: read.unitName ?? '',
      revokedBy: null,
      revokedAt: null,
      releasedBy: null,
      releasedAt: null,
    },
    reporter: read.senderName || null,
    weekLabel: weekLabel(week, ctx.now),
    weekTotals,
    hold: first
      ? { kind: 'duplicate', first, firstBy: first.reporterName || null }
      : held
        ? { kind: 'outlier', items: implausible }
        : undefined,
  })
}

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
    if (!report.held || report.releasedAt) {
      const card = await storedReceipt(ctx.db, report, ctx.now)
      const content = `记录 #${report.id} 已经计入过了，合计没有变化。`
      return { toast: { type: 'info', content }, card: { type: 'raw', data: card } }
    }
    ctx.stage(...releaseWrites(report.id, ctx.actor.openId, ctx.now))
    const released = { ...report, releasedBy: ctx.actor.openId, releasedAt: ctx.now }
    const card = await storedReceipt(ctx.db, released, ctx.now, { releasing: report.id })
    return {
      toast: { type: 'success', content: `记录 #${report.id} 已计入合计。` },
      card: { type: 'raw', data: card },
    }
  },
})

/**
 * The receipt of a report already stored, as it stands now, or with `pending` as it will once
 * the revocation or release the handler stages is written.
 */
export async function storedReceipt(db: Db, report: ReportView, now: Date, pending?: Pending) {
  const [reporter, weekTotals] = await Promise.all([
    findPerson(db, report.reporterOpenId),
    unitWeekTotals(db, catalog, report.unitId, report.week, pending),
  ])
  return receiptCard(catalog, {
    report,
    reporter: reporter?.name || null,
    weekLabel: weekLabel(report.week, now),
    weekTotals,
  })
}

/**
 * The form a bare /上报 answered with, submitted: recorded exactly as the typed command would
 * be, under the asking message's id, so a second click (another event) finds it recorded and
 * shows the same receipt. The receipt replaces the form.
 */
export const reportFormAction = defineAction({
  name: 'report-form',
  schema: reportFormValue,
  action: 'report.write',
  async run(ctx, value) {
    const [done] = await listReports(ctx.db, { messageId: value.f })
    if (done) {
      const card = await storedReceipt(ctx.db, done, ctx.now)
      const content = `这张表已经提交过了（记录号 #${done.id}），没有重复记录。`
      return { toast: { type: 'info', content }, card: { type: 'raw', data: card } }
    }
    if (ctx.actor.unitId !== value.u) {
      const content = '这张表是别的单位的，请发送 /上报 取一张本单位的表。'
      return { toast: { type: 'error', content } }
    }
    const args = formArgs(ctx.form)
    if (!args.ok) return { toast: { type: 'error', content: `${args.error}，这次没有记录。` } }
    const card = await recordReport({ ...ctx, messageId: value.f }, args)
    return { toast: { type: 'success', content: '已提交' }, card: { type: 'raw', data: card } }
  },
})
