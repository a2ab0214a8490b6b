import { UsageError } from '../src/errors'
import { z } from 'zod'
import { findPerson } from '../db/queries/people'
import { listReports, releaseWrites, reportWrites, type ReportView } from '../db/queries/reports'
import type { Pending } from '../db/queries/totals'
import { catalog } from '../src/domain/catalog'
import { outliers, stockDrops } from '../src/domain/holds'
import { can } from '../src/domain/permissions'
import { NOTHING, NOTHING_TEXT, parseReportArgs, type ReportArgs } from '../src/domain/report-args'
import { weekLabel } from '../src/domain/period'
import { addWeeks, weekDates, weekKey } from '../src/domain/week'
import { unitWeekTotals, weekAsShown } from '../src/documents/figures'
import { reportContext } from '../db/queries/report-context'
import { receiptCard } from '../templates/report-cards'
import { amountText } from '../templates/format'
import { formSentCard, reportFormValue } from '../templates/report-form'
import { deliverOnce } from '../src/delivery/deliver'
import { nothingValue } from '../templates/missing-card'
import { defineAction } from '../src/handlers'
import { defineCommand, type Context } from '../src/handlers'
import { formArgs, reportForm, typedValues } from './report-form'
import { refuseIfCovered } from './locked-week'

export default defineCommand<ReportArgs | null>({
  name: '上报',
  aliases: ['报', 'report'],
  summary:
    '上报本单位本周的统计数，整条消息要么全部记录，要么都不记录；只发 /上报 会给出一张填写表',
  usage: '/上报 [上周] 学习 3 [党课 1 …] [备注：…]',
  action: 'report.write',
  parse(args, ctx) {
    // A bare /上报 asks for the form.
    if (args.join('').trim() === '') return null
    const parsed = parseReportArgs(args, catalog)
    if (!parsed.ok) {
      throw new UsageError(sayable(ctx, `${parsed.error}\n整条消息都没有记录，请改正后重新发送。`))
    }
    return parsed
  },
  async run(ctx, args) {
    if (args) return (await recordReport(ctx, args)).card
    const form = await reportForm(ctx, requireUnit(ctx))
    if (ctx.chat.type !== 'group') return form
    // A form a screen long, per liaison, would bury the liaisons' group: it goes to the sender
    // privately (once, like any delivery), and the group reads one line.
    const to = { type: 'open_id' as const, id: ctx.sender.openId }
    ctx.afterCommit((deps) => deliverOnce(deps, 'report-form', ctx.messageId, [{ to, card: form }]))
    return formSentCard(ctx.sender.openId)
  },
})

/** What recording a report needs: a message's context, or a form submission's. */
export type ReportContext = Pick<
  Context,
  'db' | 'config' | 'actor' | 'sender' | 'chat' | 'now' | 'messageId' | 'stage' | 'newId'
>

function requireUnit(ctx: Pick<Context, 'actor'>): number {
  if (ctx.actor.unitId !== null) return ctx.actor.unitId
  throw new UsageError(
    '你还没有绑定参学单位，无法替单位上报。',
    '发送「/绑定 单位名称 你的姓名」申请绑定，管理员同意后即可上报。',
  )
}

/**
 * One report, from a typed /上报 or a submitted form alike: validation, the lock, the
 * duplicate, outlier and stock-drop holds, the staged writes, and the receipt with its 记录号. A 无 report
 * stores one NOTHING entry of 0: the week counts as reported and no figure changes.
 */
export async function recordReport(ctx: ReportContext, args: ReportArgs) {
  const unitId = requireUnit(ctx)
  const week = args.lastWeek ? addWeeks(weekKey(ctx.now), -1) : weekKey(ctx.now)
  const items = args.nothing
    ? [{ indicator: NOTHING, amount: 0 }]
    : args.items.map((i) => ({ indicator: i.indicator.key, amount: i.amount }))
  const read = await reportContext(ctx.db, { unitId, week, items, sender: ctx.sender.openId })
  // Last week may have gone upward already: a late report into it is refused once locked.
  await refuseIfCovered(ctx, read.lock, week, '补报')
  if (args.nothing) refuseNothing(ctx, read.thisWeek, weekLabel(week, ctx.now), args.lastWeek)
  const first = read.repeats
  const implausible = outliers(items, read.history)
  const isStock = (key: string) => catalog.byKey(key)?.kind === 'stock'
  const drops = stockDrops(items, read.levels, isStock)
  const held = first
    ? ('duplicate' as const)
    : drops.length > 0
      ? ('drop' as const)
      : implausible.length > 0
        ? ('outlier' as const)
        : null
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
    weekTotals.set(
      i.indicator,
      (isStock(i.indicator) ? 0 : (weekTotals.get(i.indicator) ?? 0)) + i.amount,
    )
  }
  const thisWeek = week === weekKey(ctx.now)
  const lastWeek = addWeeks(week, -1)
  const id = ctx.newId('reports')
  const card = receiptCard(catalog, {
    report: {
      ...row,
      id,
      unitName: read.unitName ?? '',
      revokedBy: null,
      revokedAt: null,
      releasedBy: null,
      releasedAt: null,
    },
    reporter: read.senderName || null,
    weekLabel: weekLabel(week, ctx.now),
    weekTotals,
    levels: new Map(
      items.flatMap((i) => {
        const before = read.levels.get(i.indicator)
        return isStock(i.indicator) && before !== undefined ? [[i.indicator, before]] : []
      }),
    ),
    ...where(ctx),
    // This week's receipt says when last week is still missing, while a liaison may still fill it.
    lastWeekMissing:
      thisWeek &&
      !read.reportedWeekBefore &&
      read.unitAdded !== null &&
      weekKey(read.unitAdded) <= lastWeek &&
      !(read.lock && lastWeek <= read.lock.week)
        ? weekLabel(lastWeek, ctx.now)
        : undefined,
    hold: first
      ? { kind: 'duplicate', first, firstBy: first.reporterName || null }
      : drops.length > 0
        ? { kind: 'drop', items: drops }
        : held
          ? { kind: 'outlier', items: implausible }
          : undefined,
  })
  return { id, card }
}

/** Where a receipt is read: a group gets the compact one, and its examples carry the @. */
const where = (ctx: Pick<Context, 'chat' | 'config'>) =>
  ctx.chat.type === 'group'
    ? { group: true, say: `@${ctx.config.lark.botName} ` }
    : { group: false, say: '' }

/**
 * A 无 is for a week with nothing in it: once the unit has figures there (or a 无 already), a
 * 无 would say something false or nothing new, so it is refused and nothing is recorded.
 */
function refuseNothing(
  ctx: Pick<Context, 'chat' | 'config'>,
  week: ReadonlyArray<{ indicator: string; amount: number; latest: number }>,
  label: string,
  lastWeek: boolean,
) {
  const word = lastWeek ? '上周 ' : ''
  if (week.some((r) => r.indicator === NOTHING)) {
    throw new UsageError(
      `本单位${label}已经报过「无」了，这次没有重复记录。`,
      sayable(ctx, `有新的数时直接上报，例：/上报 ${word}学习 3（之前的「无」不影响合计）。`),
    )
  }
  if (week.length > 0) {
    const figures = [...weekAsShown(catalog, week)].map(([k, n]) => amountText(catalog, k, n))
    throw new UsageError(
      `本单位${label}已经上报过数了（${figures.join('，')}），不能再报「无」，这条消息没有记录。`,
      sayable(ctx, '报错了的，发 /撤销 记录号 撤销那一条；发 /记录 查看记录号。'),
    )
  }
}

/**
 * A refusal's examples as they can be sent where it is read: in a group Lark delivers only a
 * message that @s the bot, so an example without the @ would do nothing.
 */
const sayable = (ctx: Pick<Context, 'chat' | 'config'>, text: string) =>
  ctx.chat.type === 'group'
    ? text.replace(
        /\/(上报|指标|撤销|记录)/g,
        (command) => `@${ctx.config.lark.botName} ${command}`,
      )
    : text

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
      const card = await storedReceipt(ctx, report)
      const content = `记录 #${report.id} 已经计入过了，合计没有变化。`
      return { toast: { type: 'info', content }, card: { type: 'raw', data: card } }
    }
    ctx.stage(...releaseWrites(report.id, ctx.actor.openId, ctx.now))
    const released = { ...report, releasedBy: ctx.actor.openId, releasedAt: ctx.now }
    const card = await storedReceipt(ctx, released, { releasing: report.id })
    return {
      toast: { type: 'success', content: `记录 #${report.id} 已计入合计。` },
      card: { type: 'raw', data: card },
    }
  },
})

/**
 * The receipt of a report already stored, as it stands now, or with `pending` as it will once
 * the revocation or release the handler stages is written; compact where it is read in a group.
 */
export async function storedReceipt(
  ctx: Pick<Context, 'db' | 'now' | 'chat' | 'config'>,
  report: ReportView,
  pending?: Pending,
) {
  const [reporter, weekTotals] = await Promise.all([
    findPerson(ctx.db, report.reporterOpenId),
    unitWeekTotals(ctx.db, catalog, report.unitId, report.week, pending),
  ])
  return receiptCard(catalog, {
    report,
    reporter: reporter?.name || null,
    weekLabel: weekLabel(report.week, ctx.now),
    weekTotals,
    ...where(ctx),
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
      const card = await storedReceipt(ctx, done)
      const content = `这张表已经提交过了（记录号 #${done.id}），没有重复记录。`
      return { toast: { type: 'info', content }, card: { type: 'raw', data: card } }
    }
    if (ctx.actor.unitId !== value.u) {
      const content = '这张表是别的单位的，请发送 /上报 取一张本单位的表。'
      return { toast: { type: 'error', content } }
    }
    const args = formArgs(ctx.form, value.none === 1)
    if (!args.ok) {
      // The form comes back as it was filled in, each mistake under its field.
      const sentBack = { typed: typedValues(ctx.form), errors: args.errors, problem: args.problem }
      const form = await reportForm({ ...ctx, messageId: value.f }, value.u, sentBack)
      const content = args.problem ?? `有 ${args.errors.size} 处要改，见表中红字；这次没有记录。`
      return { toast: { type: 'error', content }, card: { type: 'raw', data: form } }
    }
    const { card } = await recordReport({ ...ctx, messageId: value.f }, args)
    return { toast: { type: 'success', content: '已提交' }, card: { type: 'raw', data: card } }
  },
})

/**
 * The reminder's 无 button: the clicker's unit had nothing to report in the reminder's week.
 * Recorded as /上报 无 would be, once per unit and reminder (the report's key names both, so
 * two liaisons of a unit clicking at once record one). The reminder is the whole group's card
 * and stays as it is; the clicker reads the outcome in the toast.
 */
export const nothingAction = defineAction({
  name: 'nothing',
  schema: nothingValue,
  action: 'report.write',
  async run(ctx, { week }) {
    const unitId = requireUnit(ctx)
    const current = weekKey(ctx.now)
    if (week !== current && week !== addWeeks(current, -1)) {
      const content = `这张提醒是${weekDates(week)}的，已过期。本周没有可报的数，请发 /上报 无`
      return { toast: { type: 'warning', content } }
    }
    const messageId = `${ctx.messageId}|无|${unitId}`
    const [done] = await listReports(ctx.db, { messageId })
    if (done) {
      const content = done.revokedAt
        ? `记录 #${done.id} 已撤销；这一周确实没有可报的数，请发 /上报${week === current ? '' : ' 上周'} 无`
        : `本单位已经报过「无」（记录号 #${done.id}），没有重复记录。`
      return { toast: { type: 'info', content } }
    }
    const args = { ok: true as const, lastWeek: week !== current, items: [], note: null }
    const { id } = await recordReport({ ...ctx, messageId }, { ...args, nothing: true })
    const content = `已记录：本单位${weekLabel(week, ctx.now)}${NOTHING_TEXT}，计为已上报（记录号 #${id}，报错了发 /撤销 ${id}）。`
    return { toast: { type: 'success', content } }
  },
})
