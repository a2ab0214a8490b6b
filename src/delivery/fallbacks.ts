import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { people, units } from '../../db/schema'
import { CHAT_SETTINGS, getSetting } from '../../db/queries/settings'
import { md, mention, type Card } from '../../templates/card'
import type { Deps } from '../deps'
import type { Recipient, Sent } from '../lark/outbound'

/**
 * A private card Lark will not deliver because its reader is outside the app's 可用范围
 * (230013): it goes to the group they can be reached in instead — the leaders' group for a
 * leader, else the liaisons' group — with an @ of them on top. Null when there is no such
 * group. (Whoever sends it tells the office whom to add to 可用范围.)
 */
export async function sendInGroupInstead(
  deps: Deps,
  openId: string,
  card: Card,
  uuid: string,
): Promise<Sent | null> {
  const chat = await groupOf(deps.database.db, openId)
  if (!chat) return null
  const to: Recipient = { type: 'chat_id', id: chat }
  const note = md(`${mention(openId)} 机器人无法私聊你（你不在应用的可用范围内），请在这里查看：`)
  return deps.lark.send(to, { ...card, body: { elements: [note, ...card.body.elements] } }, uuid)
}

/** What to call each person: their name, else their unit's liaison, else 未登记人员. */
export async function displayNames(db: Db, openIds: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ openId: people.openId, name: people.name, unit: units.name })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
    .where(inArray(people.openId, openIds))
  const known = new Map(rows.map((r) => [r.openId, r.name || (r.unit ? `${r.unit}联络员` : '')]))
  return new Map(openIds.map((id) => [id, known.get(id) || '未登记人员']))
}

/** Where someone who cannot be written to privately can still be @-ed. */
async function groupOf(db: Db, openId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ role: people.role })
    .from(people)
    .where(eq(people.openId, openId))
    .limit(1)
  const leaders = row?.role === 'leader' ? await getSetting(db, CHAT_SETTINGS.leaders) : undefined
  return leaders ?? (await getSetting(db, CHAT_SETTINGS.liaisons))
}
