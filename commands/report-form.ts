import { formIndicators } from '../db/queries/report-form'
import { unitById } from '../db/queries/units'
import type { Db } from '../db/client'
import { catalog } from '../src/domain/catalog'
import type { Indicator } from '../src/domain/catalog'
import { parseAmount } from '../src/domain/numerals'
import { NOTE_MAX_CHARS, parseReportArgs, type ReportArgs } from '../src/domain/report-args'
import { addWeeks, weekDates, weekKey } from '../src/domain/week'
import {
  amountField,
  reportFormCard,
  reportFormFields,
  type ReportFormVars,
} from '../templates/report-form'

/** Fields of their own: the unit's recent indicators, then the district's most reported. */
const OFFERED = 10
/** How far back "recent" reaches. */
const RECENT_WEEKS = 8

/** Indicators a unit reports itself (not the office's figures, not the ledger's counts). */
const reportable = () => catalog.all.filter((i) => i.kind === 'flow' || i.kind === 'stock')

/** What a submission sent back with its form shows: what was typed, and what is wrong. */
type SentBack = Pick<ReportFormVars, 'typed' | 'errors' | 'problem'>

/** The form a bare /上报 answers with; `formId` is that message, the form's exactly-once key. */
export async function reportForm(
  ctx: { db: Db; now: Date; messageId: string },
  unitId: number,
  sentBack: SentBack = {},
) {
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
    ...sentBack,
  })
}

/** A submission that cannot be recorded: every mistake, by the field it is in. */
export type FormMistakes = { ok: false; problem?: string; errors: Map<string, string> }

/**
 * A submitted form read field by field as the words of a typed /上报 (上周, name amount pairs,
 * 备注), so it goes through the same grammar and checks, and every field's mistake is found at
 * once. A 0 is an empty field (people type it out of habit); a form of nothing but zeros, or
 * the 无新增 button, is a 无 report.
 */
export function formArgs(
  formValue: Record<string, unknown> | undefined,
  nothing = false,
): ReportArgs | FormMistakes {
  const fields = reportFormFields.safeParse(formValue ?? {})
  const errors = new Map<string, string>()
  if (!fields.success) {
    return { ok: false, problem: '表单内容无法识别，请重新发送 /上报 取一张新表', errors }
  }
  const f = fields.data
  const typed = (v: unknown) => (typeof v === 'string' ? v.replace(/\s+/g, '') : '')
  const pairs: string[][] = []
  let zeros = 0
  const take = (field: string, indicator: Indicator, amount: string) => {
    if (parseAmount(amount) === 0) return void zeros++
    const one = parseReportArgs([indicator.name, amount], catalog)
    // In a field of its own, whatever is not an amount is a bad amount, not an unknown word.
    const own = `「${indicator.name}」`
    if (!one.ok && !one.error.startsWith(own)) {
      errors.set(field, `${own}的数量「${amount}」不对：数量必须是大于 0 的整数`)
    } else if (!one.ok) errors.set(field, one.error.replace(/，例：.*$/, ''))
    else if (pairs.some(([name]) => name === indicator.name)) {
      errors.set(field, `「${indicator.name}」上面已经有一栏，请把数合并在那里`)
    } else pairs.push([indicator.name, amount])
  }
  for (const i of reportable()) {
    const amount = typed(f[amountField(i.key)])
    if (amount !== '') take(amountField(i.key), i, amount)
  }
  const extra = f.extra ? catalog.byKey(f.extra) : undefined
  const extraAmount = typed(f.extra_n)
  if (extra && extraAmount === '') errors.set('extra_n', `请填写「${extra.name}」的数量`)
  else if (extra) take('extra_n', extra, extraAmount)
  else if (extraAmount !== '' && parseAmount(extraAmount) !== 0) {
    errors.set('extra', '填了其他指标的数量，请再选上是哪个指标')
  }
  const note = f.note?.trim() ? f.note.trim() : null
  if (note && [...note].length > NOTE_MAX_CHARS) {
    errors.set('note', `备注太长了，最多 ${NOTE_MAX_CHARS} 个字`)
  }
  if (errors.size > 0) return { ok: false, errors }
  const lastWeek = f.week === 'last'
  if (nothing && pairs.length > 0) {
    const problem = '点了「无新增」，表里却填了数：有数请点「提交」，没有请清空后再点「无新增」'
    return { ok: false, problem, errors }
  }
  if (nothing || (pairs.length === 0 && zeros > 0)) {
    return { ok: true, lastWeek, items: [], note, nothing: true }
  }
  if (pairs.length === 0) {
    return {
      ok: false,
      problem: '表里还没有填数量：只填有数的项；这一周没有可报的数，点「无新增」',
      errors,
    }
  }
  const parsed = parseReportArgs(
    [...(lastWeek ? ['上周'] : []), ...pairs.flat(), ...(note ? [`备注：${note}`] : [])],
    catalog,
  )
  return parsed.ok ? parsed : { ok: false, problem: parsed.error, errors }
}

/** What was typed into a submitted form, by field name, to give it back in its fields. */
export const typedValues = (form: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'),
  )
