/**
 * The report draft from the command line, for the office's own records:
 * `npm run draft -- 累计 [--out draft.docx]` (also 周报 [上周|2026-W47], 月报 [上月|2026-10]).
 * Same deps as the server, same template and numbers as /报告.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { runCli } from '../src/adapter/node/cli'
import { parseDraftArgs } from '../src/domain/draft-args'
import { docxFile } from '../src/files/docx'
import { buildDraft } from '../src/documents/draft'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' } },
})
await runCli(
  async ({ deps }) => {
    const now = deps.clock()
    const { kind, period } = parseDraftArgs(positionals, now)
    const draft = await buildDraft(deps.database.db, kind, period, now)
    const path = values.out ?? draft.fileName
    writeFileSync(path, docxFile({ text: draft.text }))
    console.log(`${draft.text}\n已写入 ${path}`)
  },
  { explain: (err) => `${err.message}（命令行：npm run draft -- 累计 --out draft.docx）` },
)
