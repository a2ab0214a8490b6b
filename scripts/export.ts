/**
 * Excel exports from the command line: `npm run export -- 上报 [本周|上周|本月|累计]` or
 * `npm run export -- 整改 [全部|未销号]`, with `--out file.xlsx`. Same files as /导出: a
 * workbook past Lark's limit is written in parts, each with its part in the name.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { runCli } from '../src/adapter/node/cli'
import { exportFiles, exportRequest, partName } from '../src/documents/export-file'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' } },
})
await runCli(
  async ({ deps }) => {
    const request = exportRequest(positionals, deps.clock())
    const parts = await exportFiles(deps.database.db, request)
    const paths = parts.map((part, i) => {
      const path = values.out ? partName(values.out, i, parts.length) : part.name
      writeFileSync(path, part.bytes)
      return path
    })
    console.log(`已写入 ${paths.join('、')}（${request.what}）`)
  },
  {
    explain: (err) =>
      err.hint
        ? `${err.message}\n${err.hint.replaceAll('/导出', 'npm run export --')}`
        : err.message,
  },
)
