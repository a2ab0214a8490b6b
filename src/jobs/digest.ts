import { peopleWithRole } from '../../db/queries/people'
import {
  CHAT_SETTINGS,
  DIGEST_DELIVERY,
  getSettings,
  type DigestMode,
} from '../../db/queries/settings'
import { digestCard } from '../../templates/digest-card'
import { digestActions } from '../../templates/leaders-digest'
import type { Deps } from '../deps'
import { catalog } from '../domain/catalog'
import { digestWeek } from '../domain/week'

// The benchmarks name the digest's week through the job.
export { digestWeek }
import type { Recipient } from '../lark/outbound'
import { deliveryCounts } from '../../db/queries/job-deliveries'
import { deliverOnce } from '../delivery/deliver'
import { digestData } from './digest-data'
import { skippedRun, type JobOptions, type JobResult } from './job'

/**
 * Where the digest goes (/设置 周报方式): the leaders' group when one is set, else each leader
 * privately; 两者 sends both, 私聊 only privately. Never both unless asked: a leader in the group
 * would read the same card twice.
 */
export async function digestRecipients(deps: Deps): Promise<Recipient[]> {
  const db = deps.database.db
  const [leaders, set] = await Promise.all([
    peopleWithRole(db, 'leader'),
    getSettings(db, [CHAT_SETTINGS.leaders, DIGEST_DELIVERY]),
  ])
  const group = set.get(CHAT_SETTINGS.leaders)
  const mode = set.get(DIGEST_DELIVERY) as DigestMode | undefined
  const toGroup = group !== undefined && mode !== 'private'
  const privately = !toGroup || mode === 'both'
  return [
    ...(privately ? leaders.map((p) => ({ type: 'open_id' as const, id: p.openId })) : []),
    ...(toGroup ? [{ type: 'chat_id' as const, id: group }] : []),
  ]
}

/**
 * What the job reads around its fan-out: recipients (2); the first reported week (1); the three
 * periods' figures (11: the ledger and office figures once, each period's totals and stock
 * levels); units, targets, the deadline, the ledger's counts, the trend and the overdue items
 * (6); who reported by week, the active units and the missing ones' liaisons (3); its held
 * reports (2); counts (1).
 */
const DIGEST_READS = 26

/**
 * Sends as many as the invocation's budget allows (18 on the Free plan); the rest stay
 * claimed, card and all, and the every-minute sweep sends them.
 */
export async function runDigestJob(deps: Deps, opts: JobOptions): Promise<JobResult> {
  const week = opts.week ?? digestWeek(opts.now)
  const to = await digestRecipients(deps)
  if (to.length === 0) return skippedRun('digest', week, '没有领导，也没有设置周报群')
  // Every recipient is a leader or the leaders' group: the buttons a leader may use.
  const data = await digestData(deps.database.db, week, opts.now)
  const actions = digestActions({ openId: '', role: 'leader', unitId: null })
  const card = digestCard(catalog, { ...data, actions })
  const deliveries = to.map((recipient) => ({ to: recipient, card }))
  const { sent } = await deliverOnce(deps, 'digest', week, deliveries, {
    subrequests: deps.subrequests - DIGEST_READS,
    ...opts.deliver,
  })
  const counts = await deliveryCounts(deps.database.db, { job: 'digest', period: week })
  return { job: 'digest', period: week, sent, ...counts }
}
