import { UsageError } from '../src/errors'
import { matchUnit } from '../db/queries/units'
import type { Db } from '../db/client'
import type { Unit } from '../db/schema'
import { parsePeriodWord, periodFor, type Period } from '../src/domain/week'

/** A unit by what someone typed, or a UsageError that says what to type instead. */
export async function requireUnit(db: Db, typed: string): Promise<Unit> {
  const match = await matchUnit(db, typed)
  if ('unit' in match) return match.unit
  if ('candidates' in match) {
    const names = match.candidates.map((u) => `「${u.name}」`).join('、')
    throw new UsageError(`「${typed}」对应多个单位：${names}，请写全称。`)
  }
  throw new UsageError(`没有找到单位「${typed}」。`, '发送 /单位 列表 查看全部单位名称。')
}

/** Splits `[<单位>] [本周|上周|本月|累计]` in any order; the period defaults to this week. */
export function periodAndRest(
  args: string[],
  now: Date,
  fallback: Parameters<typeof periodFor>[0] = '本周',
) {
  let period: Period | undefined
  const rest: string[] = []
  for (const arg of args) {
    const word = parsePeriodWord(arg)
    if (word && !period) period = periodFor(word, now)
    else rest.push(arg)
  }
  return { period: period ?? periodFor(fallback, now), rest: rest.join(' ') }
}

/** `#12`, `12` or `１２` as a record number. */
export function parseRecordNumber(arg: string): number | null {
  const digits = arg.replace(/^#/, '')
  return /^\d{1,9}$/.test(digits) ? Number(digits) : null
}
