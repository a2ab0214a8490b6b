import { UsageError } from '../src/errors'
import { CHAT_SETTINGS, getSetting } from '../db/queries/settings'
import type { Db } from '../db/client'
import { weekLabel } from '../src/domain/period'
import {
  formatShanghai,
  digestWeek,
  parsePeriodWord,
  shanghaiDate,
  weekDates,
  weekKey,
} from '../src/domain/week'
import { claimWrite, findDelivery } from '../db/queries/job-deliveries'
import { recipientKey, type Recipient } from '../src/lark/outbound'
import { missingUnits } from '../src/jobs/missing-data'
import { sendReminder } from '../src/jobs/remind'
import {
  missingCard,
  nudgeButtonOf,
  nudgeSent,
  nudgeValue,
  remindCards,
  type MissingVars,
} from '../templates/missing-card'
import { copiesShowing } from '../db/queries/sent-cards'
import { deliverOnce } from '../src/delivery/deliver'
import { UPDATABLE_MS } from '../src/delivery/update-cards'
import { defineAction, type CardResponse } from '../src/handlers'
import { defineCommand } from '../src/handlers'
import type { Deps } from '../src/deps'
import type { Card } from '../templates/card'
import { parsePage } from './support'

/** A 催报 is sent at most once a day per week shown; the period names both. */
const nudgePeriod = (now: Date, week: string) => `${shanghaiDate(now)}|${week}`

async function missingVars(db: Db, week: string, now: Date): Promise<MissingVars> {
  const { missing, activeUnits } = await missingUnits(db, week)
  const word = week === weekKey(now) ? '本周' : '上周'
  return { week, word, weekLabel: weekLabel(week, now), missing, activeUnits }
}

/** `[上周|本周] [页码]`, the week first; by default the week /周报 and /统计 mean (上周). */
function parseArgs(args: string[]) {
  const page = args.length > 0 ? parsePage(args.at(-1)!) : null
  const rest = page === null ? args : args.slice(0, -1)
  const word = rest.length > 0 ? parsePeriodWord(rest.join('')) : '上周'
  return word === '本周' || word === '上周' ? { word, page: page ?? 1 } : null
}

/** When the liaisons' group was reminded about this week today, if it was. */
async function nudgedToday(db: Db, week: string, now: Date, group: Recipient | undefined) {
  if (!group) return undefined
  const key = { job: 'nudge', period: nudgePeriod(now, week), recipient: recipientKey(group) }
  return findDelivery(db, key)
}

async function liaisonsGroup(db: Db): Promise<Recipient | undefined> {
  const id = await getSetting(db, CHAT_SETTINGS.liaisons)
  return id ? { type: 'chat_id', id } : undefined
}

export default defineCommand({
  name: '未报',
  summary: '上周（或本周）还没有上报的单位、联络员和连续未报的周数，可一键催报',
  usage: '/未报 [上周|本周] [页码]',
  action: 'missing.read',
  async run(ctx, args) {
    const parsed = parseArgs(args)
    if (!parsed) {
      throw new UsageError(`看不懂「${args.join(' ')}」。`, '例：/未报、/未报 上周、/未报 本周 2')
    }
    const week = parsed.word === '本周' ? weekKey(ctx.now) : digestWeek(ctx.now)
    const vars = await missingVars(ctx.db, week, ctx.now)
    const done = await nudgedToday(ctx.db, week, ctx.now, await liaisonsGroup(ctx.db))
    return missingCard({ ...vars, nudgedAt: done?.claimedAt }, parsed.page)
  },
})

/** The toast, and the /未报 card as it now stands; a click on the digest leaves the digest be. */
const answer = (
  type: CardResponse['toast']['type'],
  content: string,
  vars?: MissingVars,
  page?: number,
  digest?: 1,
): CardResponse => ({
  toast: { type, content },
  ...(vars && !digest ? { card: { type: 'raw', data: missingCard(vars, page) } } : {}),
})

/** A card for a week the buttons no longer act on. */
const stale = (week: string) =>
  answer('warning', `这张卡片是${weekDates(week)}的，已过期。请重新发送 /未报 查看。`)

const current = (week: string, now: Date) => week === weekKey(now) || week === digestWeek(now)

/**
 * Once a 催报 is sent, every card still showing its button for the week (/未报 pages typed by
 * anyone, each digest copy) says who sent it and when, so no one sends it again; `except`, the
 * copy the click's answer replaces. Each copy keeps what it read, only its button goes.
 */
async function showNudged(deps: Deps, week: string, period: string, by: string, except?: string) {
  const now = deps.clock()
  const since = new Date(now.getTime() - UPDATABLE_MS)
  const copies = await copiesShowing(deps.database.db, nudgeButtonOf(week), since)
  const deliveries = copies
    .filter((c) => c.messageId !== except)
    .map((c) => ({
      to: { type: 'message_id' as const, id: c.messageId },
      card: nudgeSent(JSON.parse(c.card) as Card, now, by),
    }))
  return deliverOnce(deps, 'update:nudge', period, deliveries)
}

/**
 * 一键催报: claims today's reminder with the click's answer (so a later click sees it) and
 * sends after the answer. The missing units are counted afresh.
 */
export const nudgeAction = defineAction({
  name: 'nudge',
  schema: nudgeValue,
  action: 'remind.send',
  async run(ctx, { week, p, d }) {
    if (!current(week, ctx.now)) return stale(week)
    const vars = await missingVars(ctx.db, week, ctx.now)
    if (vars.missing.length === 0) return answer('info', '全部单位都已上报，无需催报', vars, p, d)
    const group = await liaisonsGroup(ctx.db)
    if (!group) {
      const setUp = `@${ctx.config.lark.botName} /设置 联络员群`
      return answer('warning', `还没有设置联络员群：请在联络员群里发送 ${setUp}`)
    }
    const period = nudgePeriod(ctx.now, week)
    const late = week !== weekKey(ctx.now)
    const cards = remindCards({ ...vars, botName: ctx.config.lark.botName, late })
    const send = (deps: Deps) => sendReminder(deps, { job: 'nudge', period }, group, cards)
    const earlier = await nudgedToday(ctx.db, week, ctx.now, group)
    if (earlier) {
      // A claim that never went out (the process died) is sent now; Lark drops a duplicate.
      if (!earlier.sentAt) ctx.afterCommit(send)
      const at = formatShanghai(earlier.claimedAt).slice(11)
      const shown = { ...vars, nudgedAt: earlier.claimedAt }
      return answer('info', `今天 ${at} 已经催报过了，不再重复发送`, shown, p, d)
    }
    ctx.stage(claimWrite({ job: 'nudge', period, recipient: recipientKey(group) }, ctx.now))
    ctx.afterCommit(send)
    const by = ctx.actor.openId
    ctx.afterCommit((deps) => showNudged(deps, week, period, by, d ? undefined : ctx.messageId))
    const messages = cards.length > 1 ? `，分 ${cards.length} 条消息` : ''
    const done = `已在联络员群催报 ${vars.missing.length} 个单位${messages}`
    return answer('success', done, { ...vars, nudgedAt: ctx.now, nudgedBy: by }, p, d)
  },
})
