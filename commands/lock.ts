import { lockedThrough, lockWrite, type WeekLock } from '../db/queries/locks'
import { addWeeks, weekDates, weekKey } from '../src/domain/week'
import { takeWeek } from '../src/domain/week-arg'
import { UsageError } from '../src/errors'
import { listUnits } from '../db/queries/units'
import type { Db } from '../db/client'
import { missingUnits } from '../src/jobs/missing-data'
import {
  lockCancelValue,
  lockConfirmCard,
  lockConfirmValue,
  weekLockCard,
} from '../templates/lock-cards'
import type { Context } from '../src/handlers'
import { defineAction, defineCommand } from '../src/handlers'
import { lockerName } from './locked-week'

/** The week named in the words, or a UsageError that says how to name one. */
function namedWeek(ctx: Context, args: string[], command: string): string | null {
  if (args.length === 0) return null
  const found = takeWeek(args, ctx.now)
  const example = `例：${command} 上周 或 ${command} ${weekDates(addWeeks(weekKey(ctx.now), -1))}`
  if ('error' in found) throw new UsageError(found.error, example)
  if (!found.week || found.rest) throw new UsageError(`看不懂「${args.join(' ')}」。`, example)
  if (found.week > weekKey(ctx.now)) {
    throw new UsageError(`${weekDates(found.week)}还没到，不能${command.slice(1)}。`, example)
  }
  return found.week
}

async function lockVars(ctx: Context, lock: WeekLock | null) {
  return lock && { through: weekDates(lock.week), by: await lockerName(ctx.db, lock), at: lock.at }
}

export const lockCommand = defineCommand({
  name: '锁定',
  summary: '数报送上级后，锁定到那一周（含以前各周）：联络员不能再撤销、更正或补报',
  usage: '/锁定 [上周|11月16日—11月22日|2026-W47]',
  action: 'weeks.lock',
  async run(ctx, args) {
    const week = namedWeek(ctx, args, '/锁定')
    const lock = await lockedThrough(ctx.db)
    if (!week || (lock && week <= lock.week)) {
      const done = week ? `${weekDates(week)}已经锁定，没有改动。` : undefined
      return weekLockCard({ title: '锁定的周', done, lock: await lockVars(ctx, lock) })
    }
    return lockConfirmation(ctx.db, week, lock)
  },
})

// Weeks a confirmation lists, the latest last: a first lock may cover the whole campaign, and
// each week listed costs three reads (on Workers, subrequests).
const LISTED_WEEKS = 4

/** Asks before locking, with the units still missing in each week the lock would close. */
async function lockConfirmation(db: Db, week: string, lock: WeekLock | null) {
  const units = await listUnits(db, { activeOnly: true })
  const first = units.reduce(
    (min, u) => (weekKey(u.createdAt) < min ? weekKey(u.createdAt) : min),
    week,
  )
  const start = lock ? addWeeks(lock.week, 1) : first
  const covered: string[] = []
  for (let w = week; w >= start && covered.length < LISTED_WEEKS; w = addWeeks(w, -1))
    covered.unshift(w)
  let unlisted = 0
  for (let w = addWeeks(covered[0]!, -1); w >= start; w = addWeeks(w, -1)) unlisted++
  const weeks = await Promise.all(
    covered.map(async (w) => ({
      dates: weekDates(w),
      missing: (await missingUnits(db, w)).missing.map((u) => u.name),
    })),
  )
  const value = { a: 'weeks-lock' as const, w: week, f: lock?.week ?? '' }
  return lockConfirmCard({ through: weekDates(week), weeks, unlisted, value })
}

const raw = (data: unknown) => ({ type: 'raw' as const, data })

/** 确认锁定: locks once; a second click, or one on a card the lock has moved past, does not. */
export const lockConfirmAction = defineAction({
  name: 'weeks-lock',
  schema: lockConfirmValue,
  action: 'weeks.lock',
  async run(ctx, value) {
    const lock = await lockedThrough(ctx.db)
    if (lock && value.w <= lock.week) {
      const done = `${weekDates(value.w)}已经锁定，没有改动。`
      const data = weekLockCard({ title: '锁定的周', done, lock: await lockVars(ctx, lock) })
      return { toast: { type: 'info', content: done }, card: raw(data) }
    }
    if ((lock?.week ?? '') !== value.f) {
      const content = '锁定情况已有变化，请按新的未报情况再确认一次'
      return {
        toast: { type: 'warning', content },
        card: raw(await lockConfirmation(ctx.db, value.w, lock)),
      }
    }
    const locked = { week: value.w, by: ctx.sender.openId, at: ctx.now }
    ctx.stage(lockWrite(locked, ctx.now))
    const data = weekLockCard({ title: '已锁定', lock: await lockVars(ctx, locked) })
    return {
      toast: { type: 'success', content: `已锁定到 ${weekDates(value.w)}` },
      card: raw(data),
    }
  },
})

export const lockCancelAction = defineAction({
  name: 'weeks-lock-cancel',
  schema: lockCancelValue,
  action: 'weeks.lock',
  async run(ctx) {
    const lock = await lockedThrough(ctx.db)
    const done = '已取消，没有锁定。'
    const data = weekLockCard({ title: '锁定的周', done, lock: await lockVars(ctx, lock) })
    return { toast: { type: 'info', content: done }, card: raw(data) }
  },
})

export const unlockCommand = defineCommand({
  name: '解锁',
  summary: '重新打开一周及以后各周，联络员又可以撤销、更正和补报；更早的周仍锁定',
  usage: '/解锁 11月16日—11月22日',
  action: 'weeks.lock',
  async run(ctx, args) {
    const week = namedWeek(ctx, args, '/解锁')
    const lock = await lockedThrough(ctx.db)
    if (!week || !lock || week > lock.week) {
      const what = week ? `${weekDates(week)}没有锁定。` : '请写上要解锁哪一周。'
      throw new UsageError(
        `${what}${lock ? `目前锁定到 ${weekDates(lock.week)}。` : '目前没有锁定的周。'}`,
        lock ? `例：/解锁 ${weekDates(lock.week)}` : undefined,
      )
    }
    // Weeks before it went upward too: they stay locked, by whoever locked them.
    const kept = { ...lock, week: addWeeks(week, -1) }
    ctx.stage(lockWrite(kept, ctx.now))
    const opened =
      week === lock.week ? weekDates(week) : `${weekDates(week)}至${weekDates(lock.week)}`
    return weekLockCard({
      title: '已解锁',
      done: `已重新打开 ${opened}。`,
      lock: await lockVars(ctx, kept),
    })
  },
})
