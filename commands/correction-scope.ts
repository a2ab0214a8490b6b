import { unitById } from '../db/queries/units'
import type { Unit } from '../db/schema'
import type { CorrectionArgs } from '../src/domain/correction-args'
import { can } from '../src/domain/permissions'
import { addWeeks, weekDates, weekKey } from '../src/domain/week'
import { UsageError } from '../src/errors'
import type { Context } from '../src/handlers'
import { refuseIfLocked } from './locked-week'
import { requireUnit } from './support'

/**
 * The unit and week a /更正 may change, or a UsageError that says why not and whom to ask: a
 * liaison their own unit's 本周 and 上周 while open, an admin any unit's week that has begun.
 */
export async function correctionScope(
  ctx: Context,
  args: Pick<CorrectionArgs, 'unit' | 'week'>,
): Promise<{ unit: Unit; week: string }> {
  const week = args.week ?? weekKey(ctx.now)
  const unit = await targetUnit(ctx, args.unit)
  await mayCorrect(ctx, unit, week)
  return { unit, week }
}

/** The unit typed, else the sender's own. */
async function targetUnit(ctx: Context, typed: string): Promise<Unit> {
  const unit = typed
    ? await requireUnit(ctx.db, typed)
    : ctx.actor.unitId !== null
      ? await unitById(ctx.db, ctx.actor.unitId)
      : undefined
  if (!unit) {
    const example = `/更正 区财政局 ${weekDates(addWeeks(weekKey(ctx.now), -1))} 学习 5`
    throw new UsageError('请写上要更正哪个单位，这条消息没有记录。', `例：${example}`)
  }
  if (!can(ctx.actor, 'report.correct', { unitId: unit.id })) {
    throw new UsageError(`联络员只能更正本单位的数，「${unit.name}」不是你们单位。`)
  }
  return unit
}

async function mayCorrect(ctx: Context, unit: Unit, week: string) {
  const thisWeek = weekKey(ctx.now)
  if (week > thisWeek) {
    throw new UsageError(
      `${weekDates(week)}还没到，不能更正，这条消息没有记录。`,
      '本周的数写 /更正 学习 5，上周的写 /更正 学习 5 上周。',
    )
  }
  if (can(ctx.actor, 'report.correct.any')) return
  if (week < addWeeks(thisWeek, -1)) {
    throw new UsageError(
      `联络员只能更正本周或上周的数，${weekDates(week)}更早，这条消息没有记录。`,
      `请联系主题教育办，由管理员发送 /更正 ${unit.name} ${weekDates(week)} 指标 数量 更正。`,
    )
  }
  await refuseIfLocked(ctx, week, '更正')
}
