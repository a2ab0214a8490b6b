/**
 * Runs one scheduled job by hand: `npm run job -- digest|remind [--week 2026-W48]`.
 * Same deps as the server (src/node-deps.ts) and the same runJob as the schedules, so a
 * second run for the same period sends nothing.
 */
import { parseArgs } from 'node:util'
import { ConfigError } from '../src/config'
import { PeriodKeyError } from '../src/domain/week'
import { isJobName, JOB_NAMES, runJob } from '../src/jobs'
import { createNodeDeps } from '../src/node-deps'

const USAGE = `usage: npm run job -- ${JOB_NAMES.join('|')} [--week 2026-W48]`

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { week: { type: 'string' } },
  })
  const name = positionals[0] ?? ''
  if (positionals.length !== 1 || !isJobName(name)) throw new ConfigError(USAGE)
  const deps = await createNodeDeps(process.env)
  try {
    const result = await runJob(deps, name, { now: deps.clock(), week: values.week })
    console.log(JSON.stringify(result))
    if ((result.pending ?? 0) > 0) process.exitCode = 2
  } finally {
    deps.database.close()
  }
}

main().catch((err: unknown) => {
  const told = err instanceof ConfigError || err instanceof PeriodKeyError
  console.error(told ? err.message : err)
  process.exit(1)
})
