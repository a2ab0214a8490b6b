/** The jobs the bot runs on its own; also what `npm run job -- <name>` accepts. */
export const JOB_NAMES = ['digest', 'remind', 'overdue', 'sweep', 'names'] as const
export type JobName = (typeof JOB_NAMES)[number]

export const isJobName = (name: string): name is JobName =>
  (JOB_NAMES as readonly string[]).includes(name)

/**
 * Workers cron triggers → job: the one place they are named, kept equal to wrangler.toml's
 * `crons` (a test checks). Workers read crons in UTC: 01:00 UTC is 09:00 in Shanghai.
 */
export const WORKER_CRONS: Readonly<Record<string, JobName>> = {
  '0 1 * * 2': 'digest',
  '0 7 * * 5': 'remind',
  '0 1 * * *': 'overdue',
  '* * * * *': 'sweep',
}

export function jobForCron(cron: string): JobName | undefined {
  return WORKER_CRONS[cron]
}

export const SCHEDULE_TIMEZONE = 'Asia/Shanghai'

/** The daily ledger alerts: 09:00 in Shanghai, like the Worker's `0 1 * * *`. */
export const OVERDUE_AT = '09:00'

/**
 * The Node entry's schedule, in Shanghai time, from DIGEST_AT / REMIND_AT: the digest on
 * Tuesday, the reminder on Friday, the ledger alerts daily, the message sweep every minute.
 * (On Workers: the crons above.)
 */
export function nodeSchedule(times: { digestAt: string; remindAt: string }) {
  const at = (hhmm: string, dayOfWeek: string) => {
    const [hh, mm] = hhmm.split(':').map(Number)
    return `${mm} ${hh} * * ${dayOfWeek}`
  }
  return [
    { job: 'digest', pattern: at(times.digestAt, '2') },
    { job: 'remind', pattern: at(times.remindAt, '5') },
    { job: 'overdue', pattern: at(OVERDUE_AT, '*') },
    // Messages a dead process stored but did not finish: every minute.
    { job: 'sweep', pattern: '* * * * *' },
  ] satisfies Array<{ job: JobName; pattern: string }>
}
