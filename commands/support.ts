import { UsageError } from '../src/errors'
import { matchUnit } from '../db/queries/units'
import { toHalfWidth } from '../src/domain/normalize'
import { parseAmount } from '../src/domain/numerals'
import type { Db } from '../db/client'
import type { Unit } from '../db/schema'

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

/** `#12`, `12` or `１２` as a record number. */
export function parseRecordNumber(arg: string): number | null {
  const digits = toHalfWidth(arg).replace(/^#/, '')
  return /^\d{1,9}$/.test(digits) ? Number(digits) : null
}

/** A page number as typed: 2, ２, 二, 第2页. */
export function parsePage(token: string): number | null {
  const n = parseAmount(token.replace(/^第/, '').replace(/页$/, ''))
  return n !== null && n >= 1 ? n : null
}
