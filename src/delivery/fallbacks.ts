import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { people, units } from '../../db/schema'
import { CHAT_SETTINGS, getSetting } from '../../db/queries/settings'
import { esc, md, mention, type Card } from '../../templates/card'
import { outsideScopeCard, unknownOpenIdCard } from '../../templates/bot-notices'
import type { Deps } from '../deps'
import type { LarkApi, Recipient, Sent } from '../lark/outbound'
import { deliverToOffice } from './deliver'
import { OUTSIDE_SCOPE, UNKNOWN_OPEN_ID } from './office-notices'

/**
 * Lark fails a whole card over one `<at id=…>` it does not know (an open_id from another app's
 * logs, someone who left): the card goes again with that person's name in plain text, and the
 * office hears once per id which one is wrong. Every card the bot sends passes through here.
 */
export function withPlainMentions(lark: LarkApi, deps: () => Deps): LarkApi {
  const retried = async (card: Card, send: (card: Card) => Promise<Sent>): Promise<Sent> => {
    const sent = await send(card)
    if (typeof sent !== 'object' || sent.refused !== 'mention') return sent
    const d = deps()
    // Lark names the ids in ErrorValue; without them every @ on the card is a suspect.
    const suspects = sent.openIds.length > 0 ? sent.openIds : cardMentions(card)
    const names = await displayNames(d.database.db, suspects)
    const again = await send(withoutMentions(card, names))
    await tellOfficeOnce(d, UNKNOWN_OPEN_ID, names, unknownOpenIdCard)
    return again
  }
  return {
    ...lark,
    reply: (messageId, card, uuid, chatId, keep) =>
      retried(card, (c) => lark.reply(messageId, c, uuid, chatId, keep)),
    send: (to, card, uuid, keep) => retried(card, (c) => lark.send(to, c, uuid, keep)),
    updateCard: (messageId, card) => retried(card, (c) => lark.updateCard(messageId, c)),
    sendEphemeral: (chatId, openId, card) =>
      retried(card, (c) => lark.sendEphemeral(chatId, openId, c)),
  }
}

/**
 * A private card Lark will not deliver because its reader is outside the app's 可用范围
 * (230013): it goes to the group they can be reached in instead — the leaders' group for a
 * leader, else the liaisons' group — with an @ of them on top, and the office hears once whom
 * to add to 可用范围. Null when there is no such group.
 */
export async function sendInGroupInstead(
  deps: Deps,
  openId: string,
  card: Card,
  uuid: string,
): Promise<Sent | null> {
  const { db } = deps.database
  const names = await displayNames(db, [openId])
  await tellOfficeOnce(deps, OUTSIDE_SCOPE, names, outsideScopeCard)
  const chat = await groupOf(db, openId)
  if (!chat) return null
  const to: Recipient = { type: 'chat_id', id: chat }
  const note = md(`${mention(openId)} 机器人无法私聊你（你不在应用的可用范围内），请在这里查看：`)
  return deps.lark.send(to, { ...card, body: { elements: [note, ...card.body.elements] } }, uuid)
}

/** Tells every admin once per person (job_deliveries keeps it so, across restarts). */
async function tellOfficeOnce(
  deps: Deps,
  job: string,
  names: Map<string, string>,
  notice: (openId: string, name: string) => Card,
) {
  for (const [openId, name] of names) {
    await deliverToOffice(deps, job, openId, notice(openId, name), openId)
  }
}

const AT = /<at id=([^>\s]+)><\/at>/g

function cardMentions(card: Card): string[] {
  const ids = [...JSON.stringify(card).matchAll(AT)].map((m) => m[1]!)
  return [...new Set(ids.filter((id) => id !== 'all'))]
}

/** The card with each `<at id=…>` of `names` replaced by the name, bold, in plain text. */
function withoutMentions(card: Card, names: Map<string, string>): Card {
  const json = JSON.stringify(card).replace(AT, (at, id: string) => {
    const name = names.get(id)
    // A name inside the card's JSON string: escaped for markdown, then for JSON.
    return name === undefined ? at : JSON.stringify(`**${esc(name)}**`).slice(1, -1)
  })
  return JSON.parse(json) as Card
}

/** What to call each person: their name, else their unit's liaison, else 未登记人员. */
async function displayNames(db: Db, openIds: string[]): Promise<Map<string, string>> {
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
