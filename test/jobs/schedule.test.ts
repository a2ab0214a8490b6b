import { readFileSync } from 'node:fs'
import { Cron } from 'croner'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/config'
import { jobForCron, nodeSchedule, SCHEDULE_TIMEZONE, WORKER_CRONS } from '../../src/jobs/schedule'

const wranglerCrons = () => {
  const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8')
  const list = /^crons\s*=\s*\[([^\]]*)\]/m.exec(toml)![1]!
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]!)
}

describe('schedules', () => {
  it('maps every Workers cron in wrangler.toml to a job, and nothing else', () => {
    expect(wranglerCrons().sort()).toEqual(Object.keys(WORKER_CRONS).sort())
    expect(jobForCron('0 1 * * 2')).toBe('digest')
    expect(jobForCron('0 7 * * 5')).toBe('remind')
    expect(jobForCron('0 1 * * *')).toBe('overdue')
    expect(jobForCron('* * * * *')).toBe('sweep')
    expect(jobForCron('*/5 * * * *')).toBeUndefined()
  })

  it('runs the Node jobs at the same Shanghai times as the Workers crons by default', () => {
    const { schedule } = parseConfig({})
    const from = new Date('2026-11-23T00:00:00Z') // Monday 08:00 in Shanghai
    const next = Object.fromEntries(
      nodeSchedule(schedule).map(({ job, pattern }) => [
        job,
        new Cron(pattern, { timezone: SCHEDULE_TIMEZONE }).nextRun(from)?.toISOString(),
      ]),
    )
    expect(next).toEqual({
      digest: '2026-11-24T01:00:00.000Z', // Tuesday 09:00 Shanghai = the Worker's 0 1 * * 2
      remind: '2026-11-27T07:00:00.000Z', // Friday 15:00 Shanghai = the Worker's 0 7 * * 5
      overdue: '2026-11-23T01:00:00.000Z', // daily 09:00 Shanghai = the Worker's 0 1 * * *
      sweep: '2026-11-23T00:01:00.000Z', // every minute, like the Worker's * * * * *
    })
  })

  it('takes its times from DIGEST_AT and REMIND_AT', () => {
    const { schedule } = parseConfig({ DIGEST_AT: '08:30', REMIND_AT: '16:05' })
    expect(nodeSchedule(schedule)).toEqual([
      { job: 'digest', pattern: '30 8 * * 2' },
      { job: 'remind', pattern: '5 16 * * 5' },
      { job: 'overdue', pattern: '0 9 * * *' },
      { job: 'sweep', pattern: '* * * * *' },
    ])
  })
})
