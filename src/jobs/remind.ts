import { CHAT_SETTINGS, getSetting } from '../../db/queries/settings'
import { deliveryCounts } from '../../db/queries/job-deliveries'
import { remindCards } from '../../templates/missing-card'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import { weekLabel } from '../domain/period'
import { weekKey } from '../domain/week'
import type { Recipient } from '../lark/outbound'
import { deliverRuns, type DeliverOptions, type Delivered } from '../delivery/deliver'
import { skippedRun, type JobOptions, type JobResult } from './job'
import { missingUnits } from './missing-data'

/** What the job reads besides one count per message: units, reports, liaisons, the group. */
const REMIND_READS = 4

/**
 * The delivery period of a reminder's n-th message (0-based). The first keeps the period as
 * it is, so a 催报 click's claim, made before the cards exist, is the first message's.
 */
const partPeriod = (period: string, n: number) => (n === 0 ? period : `${period}#${n + 1}`)

/**
 * Posts a reminder's messages (remindCards) in the liaisons' group, each at most once per
 * (job, period): a rerun sends only the messages that did not go out.
 */
export function sendReminder(
  deps: Deps,
  run: { job: string; period: string },
  to: Recipient,
  cards: Card[],
  options: DeliverOptions = {},
): Promise<Delivered> {
  const { job, period } = run
  const deliveries = cards.map((card, n) => ({ job, period: partPeriod(period, n), to, card }))
  return deliverRuns(deps, `${job}:${period}`, deliveries, options)
}

/**
 * Friday's reminder in the liaisons' group, @mentioning the liaisons of the units with nothing
 * reported this week: one message, or several when the list is long. Nobody is bothered when
 * everyone has reported. `served` and `pending` count messages.
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
  const late = week !== weekKey(opts.now)
  const cards = remindCards({ week, weekLabel: weekLabel(week, opts.now), missing, botName, late })
  const to = { type: 'chat_id' as const, id: chat }
  const subrequests = deps.subrequests - REMIND_READS - cards.length
  const run = { job: 'remind', period: week }
  const { sent } = await sendReminder(deps, run, to, cards, { subrequests })
  const counts = await Promise.all(
    cards.map((_, n) => deliveryCounts(db, { job: 'remind', period: partPeriod(week, n) })),
  )
  const total = (key: keyof (typeof counts)[number]) => counts.reduce((n, c) => n + c[key], 0)
  return {
    job: 'remind',
    period: week,
    sent,
    served: total('served'),
    pending: total('pending'),
    failed: total('failed'),
  }
}
