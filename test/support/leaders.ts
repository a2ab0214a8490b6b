import { CHAT_SETTINGS, DIGEST_DELIVERY, setSetting } from '../../db/queries/settings'
import { people } from '../../db/schema'
import type { Database } from '../../db/client'

/** The leaders' group the helper below sets. */
export const LEADERS_GROUP = 'oc_leaders'

/**
 * `count` leaders (领导0, 领导1 …) and the leaders' group, the digest going to both (/设置
 * 周报方式 两者): every one of them a recipient, the fan-out the delivery tests exercise.
 */
export async function addLeaders(database: Database, count: number, at: Date): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    openId: `ou_leader${i}`,
    name: `领导${i}`,
    role: 'leader' as const,
    updatedAt: at,
  }))
  await database.write((tx) => tx.insert(people).values(rows))
  await database.write(async (tx) => {
    await setSetting(tx, CHAT_SETTINGS.leaders, LEADERS_GROUP, at)
    await setSetting(tx, DIGEST_DELIVERY, 'both', at)
  })
  return rows.map((r) => r.openId)
}
