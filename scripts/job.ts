/**
 * Runs one scheduled job by hand: `npm run job -- digest|remind|overdue|sweep [--week 2026-W48]`.
 * Same deps as the server and the same runJob as the schedules, so a second run for the same
 * period sends nothing.
 */
import { parseArgs } from 'node:util'
import { handlers } from '../commands'
import { runCli, usage } from '../src/adapter/node/cli'
import { isJobName, JOB_NAMES, runJob } from '../src/jobs'

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { week: { type: 'string' } },
})
const name = positionals[0] ?? ''
if (positionals.length !== 1 || !isJobName(name)) {
  usage(`usage: npm run job -- ${JOB_NAMES.join('|')} [--week 2026-W48]`)
}
await runCli(async ({ deps }) => {
  const result = await runJob(deps, handlers, name, { now: deps.clock(), week: values.week })
  console.log(JSON.stringify(result))
  if ((result.pending ?? 0) > 0) process.exitCode = 2
})
