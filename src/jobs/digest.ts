import { peopleWithRole } from '../../db/queries/people'
import { CHAT_SETTINGS, getSetting } from '../../db/queries/settings'
import { digestCard } from '../../templates/digest-card'
import type { Deps } from '../deps'
import { catalog } from '../domain/catalog'
import { addWeeks, weekKey } from '../domain/week'
import type { Recipient } from '../lark/outbound'
import { deliveryCounts } from '../../db/queries/job-deliveries'
import { deliverOnce } from './deliver'
import { digestData } from './digest-data'
import { skippedRun, type JobOptions, type JobResult } from './job'

/** The digest goes out on Tuesday about the week that just ended. */
export const digestWeek = (now: Date) => addWeeks(weekKey(now), -1)

/** Every leader privately, plus the leaders' group if one was set with /设置 周报群. */
async function digestRecipients(deps: Deps): Promise<Recipient[]> {
  const db = deps.database.db
  const leaders = await peopleWithRole(db, 'leader')
  const group = await getSetting(db, CHAT_SETTINGS.leaders)
  return [
    ...leaders.map((p) => ({ type: 'open_id' as const, id: p.openId })),
    ...(group ? [{ type: 'chat_id' as const, id: group }] : []),
  ]
}

/**
 * What the job reads around its fan-out: recipients (2), the week's figures (8), its held
 * reports (2), counts (1).
 */
const DIGEST_READS = 13

/**
 * Sends as many as the invocation's budget allows (27 on the Free plan); the rest stay
 * claimed, card and all, and the every-minute sweep sends them.
 */
export async function runDigestJob(deps: Deps, opts: JobOptions): Promise<JobResult> {
  const week = opts.week ?? digestWeek(opts.now)
  const to = await digestRecipients(deps)
  if (to.length === 0) return skippedRun('digest', week, '没有领导，也没有设置周报群')
  const card = digestCard(catalog, await digestData(deps.database.db, week, opts.now), opts.now)
  const deliveries = to.map((recipient) => ({ to: recipient, card }))
  const { sent } = await deliverOnce(deps, 'digest', week, deliveries, {
    subrequests: deps.subrequests - DIGEST_READS,
    ...opts.deliver,
  })
  const counts = await deliveryCounts(deps.database.db, { job: 'digest', period: week })
  return { job: 'digest', period: week, sent, ...counts }
}
