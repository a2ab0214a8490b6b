import { CHAT_SETTINGS, getSetting } from '../../db/queries/settings'
import { remindCard } from '../../templates/missing-card'
import type { Deps } from '../deps'
import { weekLabel } from '../domain/period'
import { weekKey } from '../domain/week'
import { deliveryCounts } from '../../db/queries/job-deliveries'
import { deliverOnce } from './deliver'
import { skippedRun, type JobOptions, type JobResult } from './job'
import { missingUnits } from './missing-data'

/** What the job reads around its send: units, reports, liaisons, the group, the counts. */
const REMIND_READS = 5

/**
 * Friday's reminder: one message in the liaisons' group that @mentions the liaisons of the
 * units with nothing reported this week. Nobody is bothered when everyone has reported.
 */
export async function runRemindJob(deps: Deps, opts: JobOptions): Promise<JobResult> {
  const db = deps.database.db
  const week = opts.week ?? weekKey(opts.now)
  const { missing, activeUnits } = await missingUnits(db, week)
  if (activeUnits === 0) return skippedRun('remind', week, '还没有参学单位')
  if (missing.length === 0) return skippedRun('remind', week, '全部单位都已上报')
  const chat = await getSetting(db, CHAT_SETTINGS.liaisons)
  const { botName } = deps.config.lark
  if (!chat) {
    return skippedRun('remind', week, `还没有设置联络员群（在该群发送 @${botName} /设置 联络员群）`)
  }
  const card = remindCard({ weekLabel: weekLabel(week, opts.now), missing, botName })
  const to = { type: 'chat_id' as const, id: chat }
  const subrequests = deps.subrequests - REMIND_READS
  const { sent } = await deliverOnce(deps, 'remind', week, [{ to, card }], { subrequests })
  return {
    job: 'remind',
    period: week,
    sent,
    ...(await deliveryCounts(db, { job: 'remind', period: week })),
  }
}
