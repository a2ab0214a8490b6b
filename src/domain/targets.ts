import { UsageError } from '../errors'
import type { Catalog, Indicator } from './catalog'
import type { Figures } from './figures'
import { daysBetween } from './dates'
import { normalizeText } from './normalize'
import { parseAmount } from './numerals'

// The grammar of /目标:  [<单位>] <指标> <数量|取消>. Nothing: list the targets.

export type TargetArgs = { unit: string | null; indicator: Indicator; amount: number | null }
/** `/目标 期限 1月31日`: the date as typed (read against the day it is typed), null to clear. */
export type DeadlineArgs = { deadline: string | null }

export const TARGET_USAGE = '/目标 [单位] 指标 数量 · /目标 指标 取消 · /目标 期限 1月31日'
const CLEAR = new Set(['取消', '清除', '删除', '不设'])
const DEADLINE = new Set(['期限', '截止', '截止日期', '完成期限'])

export function parseTargetArgs(args: string[], cat: Catalog): TargetArgs | DeadlineArgs | null {
  const tokens = args.map(normalizeText).join(' ').split(/\s+/).filter(Boolean)
  if (tokens.length === 0) return null
  if (DEADLINE.has(tokens[0]!)) {
    const date = tokens.slice(1).join(' ')
    if (!date)
      throw new UsageError('请写目标期限的日期。', '例：/目标 期限 1月31日、/目标 期限 取消')
    return { deadline: CLEAR.has(date) ? null : date }
  }
  const last = tokens.at(-1)!
  const cleared = CLEAR.has(last)
  const numeric = cleared || parseAmount(last) !== null || /^\d/.test(last)
  // 学习2000 typed together: the known name, then the number; 学习 alone: the number is missing.
  const glued = numeric ? null : unglue(last, cat)
  const [word, amountText] = numeric
    ? [tokens.at(-2), cleared ? null : last]
    : (glued ?? [last, ''])
  const unitWords = tokens.slice(0, numeric ? -2 : -1)
  if (!word) throw new UsageError('请写指标和目标数。', `例：${TARGET_USAGE}`)
  const indicator = cat.resolve(word)
  if (!indicator) {
    throw new UsageError(`没有找到指标「${word}」。`, '发送 /指标 查看全部指标和简称。')
  }
  const amount = amountText === null ? null : amountOf(amountText ?? '', indicator)
  if (!cleared && (amount === null || amount <= 0)) {
    throw new UsageError(
      `「${indicator.name}」后面要写目标数（大于 0 的整数），或写「取消」。`,
      `例：/目标 ${indicator.name} 200`,
    )
  }
  if (amount !== null && amount > cat.maxFor(indicator) * 100) {
    throw new UsageError(`目标数 ${amount} 太大了，请核对。`)
  }
  const unit = unitWords.length > 0 ? unitWords.join(' ') : null
  if (unit && (indicator.kind === 'office' || indicator.kind === 'ledger')) {
    throw new UsageError(
      `「${indicator.name}」只有全区的数，不能给单位设目标。`,
      `例：/目标 ${indicator.name} 20`,
    )
  }
  return { unit, indicator, amount }
}

function unglue(token: string, cat: Catalog): [string, string] | null {
  const chars = [...token]
  for (let i = chars.length - 1; i > 0; i--) {
    const [word, rest] = [chars.slice(0, i).join(''), chars.slice(i).join('')]
    const indicator = cat.resolve(word)
    if (indicator && amountOf(rest, indicator) !== null) return [word, rest]
  }
  return null
}

// 200 or 200次: the indicator's own measure word may follow the number.
const amountOf = (text: string, ind: Indicator) =>
  parseAmount(text.endsWith(ind.measure) ? text.slice(0, -ind.measure.length) : text)

/** How far one target is: the cumulative figure over it, as a whole percentage. */
export type Completion = {
  indicator: Indicator
  /** null: the district's. */
  unitId: number | null
  target: number
  done: number
  percent: number
}

/**
 * Each target against the cumulative figures (the district's or its unit's): what the cards and
 * the digest show beside the numbers, and what ranks units.
 */
export function completions(
  cat: Catalog,
  targets: Array<{ unitId: number | null; indicator: string; amount: number }>,
  cumulative: { district: Figures; units: Map<number, Figures> },
): Completion[] {
  return targets.flatMap((t) => {
    const indicator = cat.byKey(t.indicator)
    if (!indicator) return []
    const figures = t.unitId === null ? cumulative.district : cumulative.units.get(t.unitId)
    const done = figures?.values.get(t.indicator) ?? 0
    const percent = Math.floor((done * 100) / t.amount)
    return [{ indicator, unitId: t.unitId, target: t.amount, done, percent }]
  })
}

/**
 * The time the targets have: from the Monday of the campaign's first reported week to the
 * deadline the office set (/目标 期限), both YYYY-MM-DD and both days counted.
 */
export type TargetTime = { start: string; deadline: string }

/** How much of the targets' time has gone by the end of `day` (YYYY-MM-DD): 0–100, whole. */
export function timeProgress(time: TargetTime, day: string): number {
  const total = daysBetween(time.start, time.deadline) + 1
  const gone = daysBetween(time.start, day) + 1
  if (total <= 0) return 100
  return Math.max(0, Math.min(100, Math.floor((gone * 100) / total)))
}

/**
 * Completion is read against time: more than PACE_TOLERANCE points short of the time gone is
 * 落后, as far ahead is 超前, between is 正常. Five points is about a week of a three-month
 * campaign: a week's figures not yet reported do not make a unit 落后.
 */
export const PACE_TOLERANCE = 5
export type Pace = '已完成' | '超前' | '正常' | '落后'

export function paceOf(done: number, time: number): Pace {
  if (done >= 100) return '已完成'
  if (done < time - PACE_TOLERANCE) return '落后'
  return done > time + PACE_TOLERANCE ? '超前' : '正常'
}

/** A target with the time gone beside it, when the targets have a deadline. */
export type Paced = Completion & { time: number | null; pace: Pace | null }

/** Each target read against the time gone by the end of `day`; without a deadline, no pace. */
export function paced(items: Completion[], time: TargetTime | null, day: string): Paced[] {
  const gone = time ? timeProgress(time, day) : null
  return items.map((c) => ({
    ...c,
    time: gone,
    pace: gone === null ? null : paceOf(c.percent, gone),
  }))
}
