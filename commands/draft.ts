import { parseDraftArgs, type DraftArgs } from '../src/domain/draft-args'
import { docxFile } from '../src/files/docx'
import { buildDraft } from '../src/documents/draft'
import { assertSendable, followUpUuid, sendFileToChat } from '../src/documents/send-file'
import { draftCards } from '../templates/draft-cards'
import { defineCommand } from '../src/handlers'

/** The report that goes upward, in the office's own template, with the same draft as Word. */
export default defineCommand<DraftArgs>({
  name: '报告',
  summary: '按办公室的模板生成进展报告草稿，并发来 Word 文件',
  usage: '/报告 周报|月报|累计 [上周|11月16日—11月22日|上月|2026-10]',
  action: 'report.draft',
  parse: (args, ctx) => parseDraftArgs(args, ctx.now),
  async run(ctx, { kind, period }) {
    const draft = await buildDraft(ctx.db, kind, period, ctx.now)
    const file = { name: draft.fileName, bytes: docxFile({ text: draft.text }) }
    assertSendable(file, '请联系管理员精简报告模板。')
    const [first, ...more] = draftCards(draft)
    const chat = { type: 'chat_id' as const, id: ctx.chat.id }
    ctx.afterCommit(async (deps) => {
      for (const [i, card] of more.entries()) {
        await deps.lark.send(chat, card, followUpUuid(`p${i + 2}`, ctx.messageId))
      }
      await sendFileToChat(deps, ctx.chat.id, file, followUpUuid('f', ctx.messageId))
    })
    return first!
  },
})
