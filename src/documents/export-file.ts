import { UsageError } from '../errors'
import { periodAndRest, periodStamp } from '../domain/period'
import type { Db } from '../../db/client'
import { catalog } from '../domain/catalog'
import { normalizeText } from '../domain/normalize'
import { shanghaiDate } from '../domain/week'
import { xlsxFiles, type Workbook, type XlsxOptions } from '../files/xlsx'
import { LARK_FILE_MAX_BYTES } from '../lark/outbound'
import {
  RECTIFICATION_SHEETS,
  rectificationWorkbook,
  type RectificationScope,
} from './rectification-workbook'
import { TALLY_SHEETS, tallyWorkbook } from './tally-workbook'

export const EXPORT_USAGE = '/导出 上报 [本周|上周|本月|累计] · /导出 整改 [全部|未销号]'
const RECTIFICATION_SCOPES: RectificationScope[] = ['全部', '未销号']

/** Under Lark's 30 MB whether it counts 30 × 2²⁰ bytes or 30,000,000. */
const EXPORT_MAX_BYTES = LARK_FILE_MAX_BYTES - 2 * 1024 * 1024

/** An export as asked for: checked and named at once, built later, after the reply. */
export type ExportRequest = {
  name: string
  /** The period or scope, as the reply's subtitle. */
  what: string
  sheets: string[]
  build(db: Db): Promise<Workbook>
}

/** A file of an export, with how many rows of its last sheet it holds. */
export type ExportPart = { name: string; bytes: Uint8Array; rows: number }

/** `上报 [本周…]` or `整改 [全部|未销号]`, for the chat and the CLI alike; a UsageError if neither. */
export function exportRequest(args: string[], now: Date): ExportRequest {
  const [what, ...rest] = args.map(normalizeText).filter(Boolean)
  if (what === '上报') return tally(rest, now)
  if (what === '整改') return rectification(rest, now)
  const typed = what ? `看不懂「${what}」。` : ''
  throw new UsageError(`${typed}请写要导出什么：上报 或 整改。`, `例：${EXPORT_USAGE}`)
}

/** The export's files: one, or parts that each stay under maxBytes (the chat's default). */
export async function exportFiles(
  db: Db,
  request: ExportRequest,
  options: XlsxOptions = { maxBytes: EXPORT_MAX_BYTES },
): Promise<ExportPart[]> {
  const files = await xlsxFiles(await request.build(db), options)
  return files.map((file, i) => ({ ...file, name: partName(request.name, i, files.length) }))
}

/** 上报统计-累计-2026-11-27（第1部分，共2部分）.xlsx: each part says which it is. */
export function partName(name: string, index: number, count: number) {
  if (count === 1) return name
  return name.replace(/(\.xlsx)?$/, `（第${index + 1}部分，共${count}部分）$1`)
}

function tally(args: string[], now: Date): ExportRequest {
  const { period, rest } = periodAndRest(args, now)
  if (rest) throw new UsageError(`看不懂「${rest}」。`, '例：/导出 上报 本周、/导出 上报 累计')
  const stamp = period.kind === 'all' ? `累计-${shanghaiDate(now)}` : periodStamp(period)
  return {
    name: `上报统计-${stamp}.xlsx`,
    what: period.label,
    sheets: TALLY_SHEETS,
    build: (db) => tallyWorkbook(db, catalog, period),
  }
}

function rectification(args: string[], now: Date): ExportRequest {
  const scope = RECTIFICATION_SCOPES.find((s) => s === (args[0] ?? '全部'))
  if (!scope || args.length > 1) {
    throw new UsageError(`看不懂「${args.join(' ')}」。`, '例：/导出 整改、/导出 整改 未销号')
  }
  return {
    name: `整改台账-${scope}-${shanghaiDate(now)}.xlsx`,
    what: `整改台账（${scope}）`,
    sheets: RECTIFICATION_SHEETS,
    build: (db) => rectificationWorkbook(db, scope, now),
  }
}
