import { PeriodKeyError } from '../errors'
import type { Handlers } from '../handlers'
import type { Deps } from '../deps'
import { clockFrom, parseWeekKey, shanghaiDate } from '../domain/week'
import { runDigestJob } from './digest'
import { runNamesJob } from './names'
import type { JobOptions, JobResult } from './job'
import { runOverdueJob } from './overdue'
import { runRemindJob } from './remind'
import type { JobName } from './schedule'
import { runSweepJob } from './sweep'

export type { JobOptions, JobResult } from './job'
export { JOB_NAMES, isJobName, jobForCron, type JobName } from './schedule'

type Job = (deps: Deps, opts: JobOptions, handlers: Handlers) => Promise<JobResult>

const JOBS: Record<JobName, Job> = {
  digest: runDigestJob,
  remind: runRemindJob,
  // 整改 alerts are kept per item and day inside the job; it reports only what it sent.
  overdue: async (deps, { now }) => ({
    job: 'overdue',
    period: shanghaiDate(now),
    ...(await runOverdueJob(deps, now)),
  }),
  sweep: (deps, { now }, { commands }) => runSweepJob(deps, commands, now),
  // Not scheduled: run once after an upgrade, or after the contact scope is granted.
  names: (deps, { now }) => runNamesJob(deps, now),
}

/** The one way every trigger runs a job: Workers cron, the Node schedule, and `npm run job`. */
export async function runJob(
  deps: Deps,
  handlers: Handlers,
  name: JobName,
  opts: JobOptions,
): Promise<JobResult> {
  const week = opts.week === undefined ? undefined : parseWeekKey(opts.week)
  if (week === null) throw new PeriodKeyError(`not a week: ${opts.week} (write it like 2026-W48)`)
  // One clock per run: what the job stamps and compares (claims, backoffs, replies, sends) reads
  // `now` and the time since, not the process's clock beside it. On Workers `now` is the cron's
  // scheduled time; a queue stamped by the wall clock would never fall due at the sweep's
  // scheduled ticks when the two disagree.
  const run: Deps = Object.freeze({ ...deps, clock: clockFrom(opts.now, deps.clock) })
  const result = await JOBS[name](run, { ...opts, week }, handlers)
  if (result.quiet) return result
  deps.log.info(
    `job ${name} ${result.period}: ${result.skipped ?? `sent ${result.sent}, served ${result.served ?? '-'}, pending ${result.pending ?? '-'}${result.failed ? `, failed ${result.failed}` : ''}`}`,
  )
  return result
}
