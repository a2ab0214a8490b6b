import { UsageError } from '../errors'
import { periodAndRest, periodStamp } from '../domain/period'
import type { Db } from '../../db/client'
import { catalog } from '../domain/catalog'
import { normalizeText } from '../domain/normalize'
import { shanghaiDate } from '../domain/week'
import { xlsxFiles, type Sheet, type Workbook } from '../files/xlsx'
import { rectificationWorkbook, type RectificationScope } from './rectification-workbook'
import { tallyWorkbook } from './tally-workbook'

export const EXPORT_USAGE = '/导出 上报 [本周|上周|本月|累计] · /导出 整改 [全部|未销号]'
const RECTIFICATION_SCOPES: RectificationScope[] = ['全部', '未销号']

export type ExportFile = { name: string; bytes: Uint8Array; sheets: Workbook; what: string }

/** `上报 [本周…]` or `整改 [全部|未销号]` as an Excel file, for the chat and the CLI alike. */
export async function exportFile(db: Db, args: string[], now: Date): Promise<ExportFile> {
  const [what, ...rest] = args.map(normalizeText).filter(Boolean)
  const made =
    what === '上报'
      ? await tally(db, rest, now)
      : what === '整改'
        ? await rectificationFile(db, rest, now)
        : null
  if (!made) {
    const typed = what ? `看不懂「${what}」。` : ''
    throw new UsageError(`${typed}请写要导出什么：上报 或 整改。`, `例：${EXPORT_USAGE}`)
  }
  const [file] = await xlsxFiles(made.sheets)
  return { ...made, bytes: file!.bytes }
}

async function tally(db: Db, args: string[], now: Date) {
  const { period, rest } = periodAndRest(args, now)
  if (rest) throw new UsageError(`看不懂「${rest}」。`, '例：/导出 上报 本周、/导出 上报 累计')
  const stamp = period.kind === 'all' ? `累计-${shanghaiDate(now)}` : periodStamp(period)
  const sheets = await tallyWorkbook(db, catalog, period)
  return { name: `上报统计-${stamp}.xlsx`, sheets, what: period.label }
}

async function rectificationFile(db: Db, args: string[], now: Date) {
  const scope = RECTIFICATION_SCOPES.find((s) => s === (args[0] ?? '全部'))
  if (!scope || args.length > 1) {
    throw new UsageError(`看不懂「${args.join(' ')}」。`, '例：/导出 整改、/导出 整改 未销号')
  }
  const sheets = await rectificationWorkbook(db, scope, now)
  const what = `${scope}，共 ${(sheets[0] as Sheet).rows.length - 1} 项`
  return { name: `整改台账-${scope}-${shanghaiDate(now)}.xlsx`, sheets, what }
}
