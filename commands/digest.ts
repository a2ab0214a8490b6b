import { UsageError } from '../src/errors'
import { unitById } from '../db/queries/units'
import { catalog } from '../src/domain/catalog'
import { namedWeek } from '../src/domain/period'
import { can } from '../src/domain/permissions'
import { digestWeek, weekDates, weekKey } from '../src/domain/week'
import { takeWeek } from '../src/domain/week-arg'
import { digestData, unitDigestData } from '../src/jobs/digest-data'
import { digestCard } from '../templates/digest-card'
import { digestActions, openValue, type OpenValue } from '../templates/leaders-digest'
import type { Card } from '../templates/card'
import { defineAction, defineCommand, type Context } from '../src/handlers'
import { unitProgressCard } from './progress'
import { requireItem } from './rectification-ops'
import { detailCard } from './rectification-list'
import { statsCard } from './stats'

const HINT = '例：/周报、/周报 本周、/周报 11月16日—11月22日'

/**
 * `上周` (the default: the last whole week, the one /未报 and /统计 mean too), `本周`, a week's
 * dates as the cards show them, or its code (2026-W47); never a future week.
 */
export function digestWeekArg(args: string[], now: Date): string {
  const current = weekKey(now)
  if (args.length === 0) return digestWeek(now)
  const found = takeWeek(args, now)
  if ('error' in found) throw new UsageError(found.error, HINT)
  if (!found.week || found.rest) {
    throw new UsageError(`看不懂「${args.join(' ')}」，周报按周查看。`, HINT)
  }
  if (found.week > current) {
    throw new UsageError(`${weekDates(found.week)}这周还没到，没有周报。`, HINT)
  }
  return found.week
}

export default defineCommand({
  name: '周报',
  summary: '周报卡片：上报率、未报单位、逾期整改、目标与时间进度、主要变化（联络员看本单位）',
  usage: '/周报 [上周|本周|11月16日—11月22日]',
  action: 'digest.read',
  async run(ctx, args) {
    const week = digestWeekArg(args, ctx.now)
    if (ctx.actor.role !== 'liaison') {
      const data = await digestData(ctx.db, week, ctx.now)
      return digestCard(catalog, { ...data, actions: digestActions(ctx.actor) })
    }
    const unit = await unitById(ctx.db, ctx.actor.unitId!)
    if (!unit) throw new UsageError('没有找到你所在的单位，请联系主题教育办。')
    return digestCard(catalog, await unitDigestData(ctx.db, week, unit, ctx.now))
  },
})

/** The card a digest button opens, if its reader may see it. */
async function openedCard(ctx: Context, value: OpenValue): Promise<Card> {
  const { db, actor, now } = ctx
  if (value.v === 'item') {
    if (!can(actor, 'rectification.read')) throw new UsageError('你没有权限查看整改事项')
    return detailCard(db, { item: await requireItem(db, value.c, now) }, now)
  }
  if (!can(actor, 'stats.read.all')) throw new UsageError('你没有权限查看全区统计')
  const period = namedWeek(value.w, now)
  if (value.v === 'stats') return statsCard(db, period, now)
  const unit = await unitById(db, value.u)
  if (!unit) throw new UsageError('这个单位已不存在')
  return unitProgressCard(db, unit, period, now)
}

/**
 * A digest button that opens /统计, a unit's /进度 or an 整改 item: the card comes as a reply
 * to the digest in the same chat, and the digest stays as it is (a group's leaders share it).
 */
export const openAction = defineAction({
  name: 'open',
  schema: openValue,
  action: 'digest.read',
  async run(ctx, value) {
    const card = await openedCard(ctx, value)
    const { messageId, chat } = ctx
    const to = { type: 'open_id' as const, id: ctx.actor.openId }
    // A redelivered click gets its stored answer and sends nothing; another click, another card.
    const what = value.v === 'item' ? value.c : `${value.w}-${value.v === 'unit' ? value.u : ''}`
    const uuid = `open-${ctx.now.getTime()}-${ctx.actor.openId.slice(-8)}-${what}`.slice(0, 50)
    ctx.afterCommit((deps) =>
      messageId ? deps.lark.reply(messageId, card, uuid, chat.id) : deps.lark.send(to, card, uuid),
    )
    return { toast: { type: 'success', content: '已在下方发出' } }
  },
})
