import type { Deps } from '../deps'
import { parseWeekKey, PeriodKeyError, shanghaiDate } from '../domain/week'
import { runDigestJob } from './digest'
import type { JobOptions, JobResult } from './job'
import { runOverdueJob } from './overdue'
import { runRemindJob } from './remind'
import { runSweepJob } from './sweep'
import type { JobName } from './schedule'

export type { JobOptions, JobResult } from './job'
export { JOB_NAMES, isJobName, jobForCron, type JobName } from './schedule'

const JOBS: Record<JobName, (deps: Deps, opts: JobOptions) => Promise<JobResult>> = {
  digest: runDigestJob,
  remind: runRemindJob,
  // Ledger alerts are kept per item and day inside the job; it reports only what it sent.
  overdue: async (deps, { now }) => ({
    job: 'overdue',
    period: shanghaiDate(now),
    ...(await runOverdueJob(deps, now)),
  }),
  sweep: (deps, { now }) => runSweepJob(deps, now),
}

/** The one way every trigger runs a job: Workers cron, the Node schedule, and `npm run job`. */
export async function runJob(deps: Deps, name: JobName, opts: JobOptions): Promise<JobResult> {
  const week = opts.week === undefined ? undefined : parseWeekKey(opts.week)
  if (week === null) throw new PeriodKeyError(`not a week: ${opts.week} (write it like 2026-W48)`)
  const result = await JOBS[name](deps, { ...opts, week })
  if (result.quiet) return result
  deps.log.info(
    `job ${name} ${result.period}: ${result.skipped ?? `sent ${result.sent}, served ${result.served ?? '-'}, pending ${result.pending ?? '-'}`}`,
  )
  return result
}
