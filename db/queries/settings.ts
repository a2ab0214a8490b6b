import { eq } from 'drizzle-orm'
import type { Db } from '../client'
import { settings } from '../schema'

/** The group chats the bot posts to on its own, set with /设置 in that chat. */
export const CHAT_SETTINGS = { leaders: 'chat.leaders', liaisons: 'chat.liaisons' } as const
export type ChatSetting = (typeof CHAT_SETTINGS)[keyof typeof CHAT_SETTINGS]

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const rows = await db.select().from(settings).where(eq(settings.key, key))
  return rows[0]?.value
}

export async function setSetting(db: Db, key: string, value: string, now: Date) {
  await db
    .insert(settings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
}
