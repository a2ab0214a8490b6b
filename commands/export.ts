import { EXPORT_USAGE, exportRequest } from '../src/documents/export-file'
import { sendExport } from '../src/documents/send-export'
import { card, esc, md } from '../templates/card'
import { defineCommand } from '../src/handlers'

/**
 * The data as Excel for the office's own records: reports by unit, or the ledger. The reply
 * comes at once; the workbook is built after it, off the path that answers webhooks.
 */
export default defineCommand({
  name: '导出',
  summary: '把上报数据或整改台账导出为 Excel 文件',
  usage: EXPORT_USAGE,
  action: 'export',
  async run(ctx, args) {
    const request = exportRequest(args, ctx.now)
    const to = { chatId: ctx.chat.id, messageId: ctx.messageId }
    ctx.afterCommit((deps) => sendExport(deps, to, request))
    const sheets = request.sheets.map((s) => `「${esc(s)}」`).join('、')
    return card({
      title: '正在导出',
      subtitle: request.what,
      colour: 'green',
      elements: [
        md(
          `Excel 文件「${esc(request.name)}」随后发到本聊天，含 ${sheets} 工作表。` +
            '数据多时分成几个文件发送。',
        ),
      ],
    })
  },
})
