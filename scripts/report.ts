/**
 * The report draft from the command line, for the office's own records:
 * `npm run report -- 累计 [--out draft.docx]` (also 周报 [上周|2026-W47], 月报 [上月|2026-10]).
 * Same deps as the server (src/node-deps.ts), same template and numbers as /报告.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseDraftArgs } from '../src/domain/draft-args'
import { docxFile } from '../src/files/docx'
import { createNodeDeps } from '../src/node-deps'
import { draftReport } from '../src/reports/draft'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' } },
})
try {
  const deps = await createNodeDeps(process.env)
  try {
    const now = deps.clock()
    const parsed = parseDraftArgs(positionals, now)
    if (!parsed.ok)
      throw new Error(`${parsed.error}（命令行：npm run report -- 累计 --out draft.docx）`)
    const draft = await draftReport(deps.database.db, parsed.value.kind, parsed.value.period, now)
    const path = values.out ?? draft.fileName
    writeFileSync(path, docxFile({ text: draft.text }))
    console.log(`${draft.text}\n已写入 ${path}`)
  } finally {
    deps.database.close()
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
