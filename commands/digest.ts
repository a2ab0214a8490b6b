import { UsageError } from '../src/errors'
import { unitById } from '../db/queries/units'
import { catalog } from '../src/domain/catalog'
import { addWeeks, weekDates, weekKey } from '../src/domain/week'
import { takeWeek } from '../src/domain/week-arg'
import { digestData, unitDigestData } from '../src/jobs/digest-data'
import { digestCard } from '../templates/digest-card'
import { defineCommand } from '../src/handlers'

const HINT = '例：/周报、/周报 本周、/周报 11月16日—11月22日'

/**
 * `上周` (the default: the week just ended), `本周`, a week's dates as the cards show them, or
 * its code (2026-W47); never a future week.
 */
export function digestWeekArg(args: string[], now: Date): string {
  const current = weekKey(now)
  if (args.length === 0) return addWeeks(current, -1)
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
  summary: '周报卡片：各类别数量与前一周比较、累计、未报单位（联络员看本单位）',
  usage: '/周报 [上周|本周|11月16日—11月22日]',
  action: 'digest.read',
  async run(ctx, args) {
    const week = digestWeekArg(args, ctx.now)
    if (ctx.actor.role !== 'liaison') {
      return digestCard(catalog, await digestData(ctx.db, week, ctx.now))
    }
    const unit = await unitById(ctx.db, ctx.actor.unitId!)
    if (!unit) throw new UsageError('没有找到你所在的单位，请联系主题教育办。')
    return digestCard(catalog, await unitDigestData(ctx.db, week, unit, ctx.now))
  },
})
