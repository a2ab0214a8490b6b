import { correctionWrites, standingEntries } from '../db/queries/corrections'
import { lockOf } from '../db/queries/locks'
import { findPerson, personNames } from '../db/queries/people'
import type { Unit } from '../db/schema'
import { catalog } from '../src/domain/catalog'
import { parseCorrectionArgs, type CorrectionArgs } from '../src/domain/correction-args'
import { weekLabel } from '../src/domain/period'
import { addWeeks, weekDates, weekKey } from '../src/domain/week'
import { UsageError } from '../src/errors'
import { unitWeekTotals } from '../src/documents/figures'
import { correctionCard } from '../templates/correction-cards'
import type { Context } from '../src/handlers'
import { defineCommand } from '../src/handlers'
import { correctionScope } from './correction-scope'
import { lockerName } from './locked-week'

export default defineCommand<CorrectionArgs>({
  name: '更正',
  aliases: ['修改', 'correct'],
  summary:
    '把本单位本周（或上周）一个指标的数改成正确的数，原来的记录保留可查；管理员可更正任何单位、任何一周（周写日期或 2026-W47）',
  usage: '/更正 学习 5 [上周] · 管理员：/更正 单位 11月16日—11月22日 学习 5',
  action: 'report.correct',
  parse(args, ctx) {
    const parsed = parseCorrectionArgs(args, catalog, ctx.now)
    if (!parsed.ok) throw new UsageError(`${parsed.error}\n这条消息没有记录。`)
    return parsed
  },
  async run(ctx, args) {
    const { unit, week } = await correctionScope(ctx, args)
    const key = { unitId: unit.id, week, indicator: args.indicator.key }
    const [standing, before, lock, nameOf, sender] = await Promise.all([
      standingEntries(ctx.db, key),
      unitWeekTotals(ctx.db, catalog, unit.id, week),
      lockOf(ctx.db, week),
      personNames(ctx.db),
      findPerson(ctx.db, ctx.sender.openId),
    ])
    const was = before.get(key.indicator) ?? 0
    if (was === args.amount && standing.every((e) => e.counts)) {
      throw new UsageError(
        `${unit.name}${weekLabel(week, ctx.now)}的${args.indicator.name}本来就是 ${was}${args.indicator.measure}，没有改动，这条消息没有记录。`,
      )
    }
    ctx.stage(
      ...correctionWrites({
        messageId: ctx.messageId,
        unitId: unit.id,
        week,
        reporterOpenId: ctx.sender.openId,
        createdAt: ctx.now,
        afterLock: lock !== null,
        indicator: key.indicator,
        amount: args.amount,
      }),
    )
    return correctionCard(catalog, {
      id: ctx.newId('reports'),
      unitName: unit.name,
      weekLabel: weekLabel(week, ctx.now),
      indicator: args.indicator,
      before: was,
      amount: args.amount,
      replaced: standing.map((e) => ({
        reportId: e.reportId,
        amount: e.amount,
        by: nameOf(e.reporterOpenId),
        at: e.createdAt,
        counts: e.counts,
      })),
      by: { openId: ctx.sender.openId, name: sender?.name || null },
      at: ctx.now,
      afterLock: lock && { by: await lockerName(ctx.db, lock), at: lock.at },
      weekTotals: new Map(before).set(key.indicator, args.amount),
      again: again(ctx, unit, week, args),
    })
  },
})

/** How to correct this figure once more, in the words this sender may use. */
function again(ctx: Context, unit: Unit, week: string, args: CorrectionArgs) {
  const name = args.indicator.name
  if (unit.id === ctx.actor.unitId && week === weekKey(ctx.now)) return `/更正 ${name} 数量`
  if (unit.id === ctx.actor.unitId && week === addWeeks(weekKey(ctx.now), -1)) {
    return `/更正 ${name} 数量 上周`
  }
  return `/更正 ${unit.name} ${weekDates(week)} ${name} 数量`
}
