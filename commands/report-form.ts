import { formIndicators } from '../db/queries/report-form'
import { unitById } from '../db/queries/units'
import type { Db } from '../db/client'
import { catalog } from '../src/domain/catalog'
import { parseReportArgs, type ReportArgsResult } from '../src/domain/report-args'
import { addWeeks, weekDates, weekKey } from '../src/domain/week'
import { amountField, reportFormCard, reportFormFields } from '../templates/report-form'

/** Fields of their own: the unit's recent indicators, then the district's most reported. */
const OFFERED = 10
/** How far back "recent" reaches. */
const RECENT_WEEKS = 8

/** Indicators a unit reports itself (not the office's figures, not the ledger's counts). */
const reportable = () => catalog.all.filter((i) => i.kind === 'flow' || i.kind === 'stock')

/** The form a bare /上报 answers with; `formId` is that message, the form's exactly-once key. */
export async function reportForm(ctx: { db: Db; now: Date; messageId: string }, unitId: number) {
  const week = weekKey(ctx.now)
  const all = reportable()
  const [unit, { keys, levels }] = await Promise.all([
    unitById(ctx.db, unitId),
    formIndicators(ctx.db, {
      unitId,
      sinceWeek: addWeeks(week, -RECENT_WEEKS),
      reportable: all.map((i) => i.key),
      stocks: all.filter((i) => i.kind === 'stock').map((i) => i.key),
      max: OFFERED,
    }),
  ])
  return reportFormCard({
    formId: ctx.messageId,
    unitId,
    unitName: unit?.name ?? '',
    weekDates: { this: weekDates(week), last: weekDates(addWeeks(week, -1)) },
    offered: keys.map((k) => ({ indicator: catalog.byKey(k)!, level: levels.get(k) })),
    others: all.filter((i) => !keys.includes(i.key)),
  })
}

/**
 * A submitted form read as the words of a typed /上报 (上周, name amount pairs, 备注), so it
 * goes through the same grammar and checks. An empty form is told to fill something in.
 */
export function formArgs(formValue: Record<string, unknown> | undefined): ReportArgsResult {
  const fields = reportFormFields.safeParse(formValue ?? {})
  if (!fields.success) return { ok: false, error: '表单内容无法识别，请重新发送 /上报 取一张新表' }
  const f = fields.data
  const amount = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, '') : '')
  const pairs = reportable()
    .map((i) => [i.name, amount(f[amountField(i.key)])])
    .filter(([, n]) => n !== '')
  const extra = f.extra ? catalog.byKey(f.extra) : undefined
  const extraAmount = amount(f.extra_n)
  if (extra && extraAmount === '') return { ok: false, error: `请填写「${extra.name}」的数量` }
  if (!extra && extraAmount !== '')
    return { ok: false, error: '填了其他指标的数量，请再选上是哪个指标' }
  if (extra) pairs.push([extra.name, extraAmount])
  if (pairs.length === 0) return { ok: false, error: '表里还没有填数量：只填有数的项，再点提交' }
  const note = f.note?.trim() ? [`备注：${f.note.trim()}`] : []
  return parseReportArgs(
    [...(f.week === 'last' ? ['上周'] : []), ...pairs.flat(), ...note],
    catalog,
  )
}
