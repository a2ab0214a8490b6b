import { EXPORT_USAGE, exportFile } from '../src/reports/export-file'
import { assertSendable, followUpUuid, sendFileToChat } from '../src/reports/send-file'
import { card, esc, md } from '../templates/card'
import { defineCommand } from './define'

/** The data as Excel for the office's own records: reports by unit, or the ledger. */
export default defineCommand({
  name: '导出',
  summary: '把上报数据或整改台账导出为 Excel 文件',
  usage: EXPORT_USAGE,
  action: 'export',
  async run(ctx, args) {
    const file = await exportFile(ctx.db, args, ctx.now)
    assertSendable(file, '请缩小范围（例：/导出 上报 本月），或在本机运行 npm run export 导出。')
    const uuid = followUpUuid('f', ctx.messageId)
    ctx.afterCommit((deps) => sendFileToChat(deps, ctx.chat.id, file, uuid))
    const sheetNames = file.sheets.map((s) => `「${esc(s.name)}」`).join('、')
    return card({
      title: '正在导出',
      subtitle: file.what,
      colour: 'green',
      elements: [md(`Excel 文件「${esc(file.name)}」随后发到本聊天，含 ${sheetNames} 工作表。`)],
    })
  },
})
