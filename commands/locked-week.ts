import { findPerson } from '../db/queries/people'
import { lockOf, type WeekLock } from '../db/queries/locks'
import type { Db } from '../db/client'
import { UsageError } from '../src/errors'
import { can } from '../src/domain/permissions'
import { weekLabel } from '../src/domain/period'
import { weekDates } from '../src/domain/week'
import { when } from '../templates/format'
import type { Context } from '../src/handlers'

/** Who locked the week, by name where the bot knows it: the person to ask. */
export async function lockerName(db: Db, lock: WeekLock): Promise<string> {
  return (await findPerson(db, lock.by))?.name || '主题教育办管理员'
}

/**
 * Refuses a change into a week that went upward: says it is locked, by whom, and what to do
 * instead. /上报 calls it with '补报', /撤销 with '撤销', a liaison's /更正 with '更正'.
 */
export async function refuseIfLocked(
  ctx: Pick<Context, 'db' | 'actor' | 'now'>,
  week: string,
  doing: '补报' | '撤销' | '更正',
): Promise<void> {
  await refuseIfCovered(ctx, await lockOf(ctx.db, week), week, doing)
}

/** refuseIfLocked with the lock already read (null: no week is locked). */
export async function refuseIfCovered(
  ctx: Pick<Context, 'db' | 'actor' | 'now'>,
  lock: WeekLock | null,
  week: string,
  doing: '补报' | '撤销' | '更正',
): Promise<void> {
  if (!lock || week > lock.week) return
  const name = await lockerName(ctx.db, lock)
  const dates = weekDates(week)
  throw new UsageError(
    `${weekLabel(week, ctx.now)}已由 ${name} 于 ${when(lock.at)} 锁定（这一周的数已报送上级），不能再${doing}，这条消息没有记录。`,
    can(ctx.actor, 'report.correct.any')
      ? `管理员可用 /更正 单位 ${dates} 指标 数量 更正（会标明是锁定后的更正），或先 /解锁 ${dates}。`
      : `如确需改动，请联系主题教育办（${name}），由管理员更正。`,
  )
}
