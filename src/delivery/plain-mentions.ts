import { esc, type Card } from '../../templates/card'
import { unknownOpenIdCard } from '../../templates/bot-notices'
import type { Deps } from '../deps'
import type { LarkApi, Sent } from '../lark/outbound'
import { tellOfficeOnce } from './deliver'
import { displayNames } from './fallbacks'
import { UNKNOWN_OPEN_ID } from './office-notices'

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
