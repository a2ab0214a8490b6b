import { z } from 'zod'
import type { Db, Write } from '../client'
import { settings } from '../schema'
import { getSetting } from './settings'

/**
 * Weeks whose figures went upward are locked, up to and including one week: a report sent
 * upward covers everything before it too, so the lock is one setting, never a list of weeks.
 */
export const LOCK_KEY = 'weeks.locked_through'

const stored = z.object({ week: z.string(), by: z.string(), at: z.number() })

/** The last locked week, with the admin who locked it and when. */
export type WeekLock = { week: string; by: string; at: Date }

/** Every week up to and including lock.week is locked; null when none is. */
export async function lockedThrough(db: Db): Promise<WeekLock | null> {
  const value = await getSetting(db, LOCK_KEY)
  return value === undefined ? null : parseLock(value)
}

/** The lock as the setting stores it. */
export function parseLock(value: string): WeekLock {
  const { week, by, at } = stored.parse(JSON.parse(value))
  return { week, by, at: new Date(at) }
}

/** The lock that covers `week`, or null when the week is open. */
export async function lockOf(db: Db, week: string): Promise<WeekLock | null> {
  const lock = await lockedThrough(db)
  return lock && week <= lock.week ? lock : null
}

export async function isLocked(db: Db, week: string): Promise<boolean> {
  return (await lockOf(db, week)) !== null
}

/** Sets the last locked week (moving it back is how /解锁 opens weeks again). */
export function lockWrite(lock: WeekLock, now: Date): Write {
  const value = JSON.stringify({ week: lock.week, by: lock.by, at: lock.at.getTime() })
  return (db) =>
    db
      .insert(settings)
      .values({ key: LOCK_KEY, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
}
