import { card, esc, md } from '../../templates/card'
import { errorCard } from '../../templates/help-card'
import type { Deps } from '../deps'
import type { XlsxOptions } from '../files/xlsx'
import { exportFiles, type ExportPart, type ExportRequest } from './export-file'
import { followUpUuid, sendFileToChat } from './send-file'

/**
 * /导出's work after its reply: builds the workbook and posts it into the chat, as one file or,
 * past Lark's limit or Excel's rows, as parts after a card that says how they divide. A build
 * that fails is said in the chat, as an upload that fails is.
 */
export async function sendExport(
  deps: Deps,
  to: { chatId: string; messageId: string },
  request: ExportRequest,
  options?: XlsxOptions,
) {
  const chat = { type: 'chat_id' as const, id: to.chatId }
  let parts: ExportPart[]
  try {
    parts = await exportFiles(deps.database.db, request, options)
  } catch (err) {
    deps.log.error(`export ${request.name} failed`, err)
    const failed = errorCard(
      `「${request.name}」没有导出成功。`,
      '请稍后再发一次同样的命令。',
      '导出失败',
    )
    return deps.lark.send(chat, failed, followUpUuid('fx', to.messageId))
  }
  if (parts.length > 1) {
    await deps.lark.send(chat, partsCard(request, parts), followUpUuid('fp', to.messageId))
  }
  for (const [i, part] of parts.entries()) {
    // The first part keeps the uuid a single file always had.
    await sendFileToChat(deps, to.chatId, part, followUpUuid(i ? `f${i + 1}` : 'f', to.messageId))
  }
}

function partsCard(request: ExportRequest, parts: ExportPart[]) {
  const last = request.sheets.at(-1)!
  const whole = request.sheets.slice(0, -1).map((s) => `「${esc(s)}」`)
  let first = 1
  const lines = parts.map((part, i) => {
    const line = `第${i + 1}部分：「${esc(last)}」第 ${first}—${first + part.rows - 1} 条`
    first += part.rows
    return `- ${line}`
  })
  return card({
    title: `分为 ${parts.length} 个文件`,
    subtitle: request.what,
    colour: 'green',
    elements: [
      md(
        `「${esc(request.name)}」一个文件放不下（飞书的文件上限是 30 MB，Excel 一张表最多 1048576 行），` +
          `分为 ${parts.length} 个文件发送。` +
          `每个文件都有${whole.join('、')}工作表，「${esc(last)}」按记录先后分在各文件中：`,
      ),
      md(lines.join('\n')),
    ],
  })
}
