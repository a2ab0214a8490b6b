import { catalog } from '../src/domain/catalog'
import { normalizeText } from '../src/domain/normalize'
import { shanghaiDate } from '../src/domain/week'
import { xlsxFile } from '../src/files/xlsx'
import { ledgerWorkbook, type LedgerScope } from '../src/reports/ledger-workbook'
import { assertSendable, followUpUuid, sendFileToChat } from '../src/reports/send-file'
import { tallyWorkbook } from '../src/reports/tally-workbook'
import { card, esc, md } from '../templates/card'
import { defineCommand, UsageError, type CommandContext } from './define'
import { periodAndRest } from './support'

const USAGE = '/导出 上报 [本周|上周|本月|累计] · /导出 整改 [全部|未销号]'
const LEDGER_SCOPES: LedgerScope[] = ['全部', '未销号']

/** The data as Excel for the office's own records: reports by unit, or the ledger. */
export default defineCommand({
  name: '导出',
  summary: '把上报数据或整改台账导出为 Excel 文件',
  usage: USAGE,
  action: 'export',
  async run(ctx, args) {
    const [what, ...rest] = args.map(normalizeText).filter(Boolean)
    if (what === '上报') return exportTally(ctx, rest)
    if (what === '整改') return exportLedger(ctx, rest)
    const typed = what ? `看不懂「${what}」。` : ''
    throw new UsageError(`${typed}请写要导出什么：上报 或 整改。`, `例：${USAGE}`)
  },
})

async function exportTally(ctx: CommandContext, args: string[]) {
  const { period, rest } = periodAndRest(args, ctx.now)
  if (rest) throw new UsageError(`看不懂「${rest}」。`, '例：/导出 上报 本周、/导出 上报 累计')
  const stamp = period.kind === 'all' ? `累计-${shanghaiDate(ctx.now)}` : period.key
  const sheets = await tallyWorkbook(ctx.db, catalog, period)
  return sendWorkbook(ctx, `上报统计-${stamp}.xlsx`, sheets, period.label)
}

async function exportLedger(ctx: CommandContext, args: string[]) {
  const scope = LEDGER_SCOPES.find((s) => s === (args[0] ?? '全部'))
  if (!scope || args.length > 1) {
    throw new UsageError(`看不懂「${args.join(' ')}」。`, '例：/导出 整改、/导出 整改 未销号')
  }
  const sheets = await ledgerWorkbook(ctx.db, scope, ctx.now)
  const name = `整改台账-${scope}-${shanghaiDate(ctx.now)}.xlsx`
  return sendWorkbook(ctx, name, sheets, `${scope}，共 ${sheets[0]!.rows.length - 1} 项`)
}

function sendWorkbook(
  ctx: CommandContext,
  name: string,
  sheets: Parameters<typeof xlsxFile>[0],
  what: string,
) {
  const file = { name, bytes: xlsxFile(sheets) }
  assertSendable(file, '请缩小范围（例：/导出 上报 本月），或在本机运行 npm run export 导出。')
  ctx.afterCommit((deps) =>
    sendFileToChat(deps, ctx.chat.id, file, followUpUuid('f', ctx.messageId)),
  )
  const sheetNames = sheets.map((s) => `「${esc(s.name)}」`).join('、')
  return card({
    title: '正在导出',
    subtitle: what,
    colour: 'green',
    elements: [md(`Excel 文件「${esc(name)}」随后发到本聊天，含 ${sheetNames} 工作表。`)],
  })
}
