/**
 * Excel exports from the command line: `npm run export -- 上报 [本周|上周|本月|累计]` or
 * `npm run export -- 整改 [全部|未销号]`, with `--out file.xlsx`. Same workbooks as /导出.
 */
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { runCli } from '../src/adapter/node/cli'
import { exportFile } from '../src/reports/export-file'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' } },
})
await runCli(
  async ({ deps }) => {
    const file = await exportFile(deps.database.db, positionals, deps.clock())
    const path = values.out ?? file.name
    writeFileSync(path, file.bytes)
    console.log(`已写入 ${path}（${file.what}）`)
  },
  {
    explain: (err) =>
      err.hint
        ? `${err.message}\n${err.hint.replaceAll('/导出', 'npm run export --')}`
        : err.message,
  },
)
