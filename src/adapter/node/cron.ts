import { Cron } from 'croner'
import type { Handlers } from '../../handlers'
import type { Deps } from '../../deps'
import { runJob } from '../../jobs'
import { nodeSchedule, SCHEDULE_TIMEZONE } from '../../jobs/schedule'

/**
 * The Node entry's timers: the same jobs as the Workers crons, at DIGEST_AT / REMIND_AT in
 * Shanghai time. `protect` skips a tick while the previous run of that job is still going.
 * Kept out of src/index.ts's import graph: the Worker uses cron triggers instead.
 */
export function startSchedules(deps: Deps, handlers: Handlers): { stop(): void } {
  const crons = nodeSchedule(deps.config.schedule).map(
    ({ job, pattern }) =>
      new Cron(pattern, { timezone: SCHEDULE_TIMEZONE, protect: true, name: job }, async () => {
        await runJob(deps, handlers, job, { now: deps.clock() }).catch((err: unknown) =>
          deps.log.error(`scheduled job ${job} failed`, err),
        )
      }),
  )
  for (const cron of crons) {
    deps.log.info(`schedule ${cron.name}: next ${cron.nextRun()?.toISOString() ?? 'never'}`)
  }
  return { stop: () => crons.forEach((c) => c.stop()) }
}
