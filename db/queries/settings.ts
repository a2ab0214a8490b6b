import { and, eq, inArray } from 'drizzle-orm'
import type { Build, Db } from '../client'
import { settings } from '../schema'

/** The group chats the bot posts to on its own, set with /设置 in that chat. */
export const CHAT_SETTINGS = { leaders: 'chat.leaders', liaisons: 'chat.liaisons' } as const
export type ChatSetting = (typeof CHAT_SETTINGS)[keyof typeof CHAT_SETTINGS]
/** What /设置 calls each group. */
export const CHAT_SETTING_NAMES: Record<ChatSetting, string> = {
  [CHAT_SETTINGS.leaders]: '周报群',
  [CHAT_SETTINGS.liaisons]: '联络员群',
}

/** The group settings that name this chat. */
export async function settingsNaming(db: Db, chatId: string): Promise<ChatSetting[]> {
  const rows = await db
    .select({ key: settings.key })
    .from(settings)
    .where(and(inArray(settings.key, Object.values(CHAT_SETTINGS)), eq(settings.value, chatId)))
  return rows.map((r) => r.key as ChatSetting)
}

/** Clears the group settings that still name this chat, as a write. */
export const clearChatSettings =
  (chatId: string): Build =>
  (db) =>
    db
      .delete(settings)
      .where(and(inArray(settings.key, Object.values(CHAT_SETTINGS)), eq(settings.value, chatId)))

/** How the weekly digest reaches the leaders, set with /设置 周报方式. */
export const DIGEST_DELIVERY = 'digest.delivery'
export const DIGEST_MODES = { 私聊: 'private', 群: 'group', 两者: 'both' } as const
export type DigestMode = (typeof DIGEST_MODES)[keyof typeof DIGEST_MODES]

/** Several settings in one read, by key; a key never set is absent. */
export async function getSettings(db: Db, keys: string[]): Promise<Map<string, string>> {
  const rows = await db.select().from(settings).where(inArray(settings.key, keys))
  return new Map(rows.map((r) => [r.key, r.value]))
}

/** Settings with when each was last set, by key; a key never set is absent. */
export async function settingsWithDates(db: Db, keys: string[]) {
  const rows = await db.select().from(settings).where(inArray(settings.key, keys))
  return new Map(rows.map((r) => [r.key, { value: r.value, at: r.updatedAt }]))
}

export async function getSetting(db: Db, key: string): Promise<string | undefined> {
  const rows = await db.select().from(settings).where(eq(settings.key, key))
  return rows[0]?.value
}

/** Sets one setting, as a batch's write. */
export const settingWrite =
  (key: string, value: string, now: Date): Build =>
  (db) =>
    db
      .insert(settings)
      .values({ key, value, updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })

export async function setSetting(db: Db, key: string, value: string, now: Date) {
  await settingWrite(key, value, now)(db)
}
