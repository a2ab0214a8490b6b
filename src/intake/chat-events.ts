import { z } from 'zod'
import { loadActor } from '../../db/queries/people'
import { CHAT_SETTING_NAMES, clearChatSettings, settingsNaming } from '../../db/queries/settings'
import { unitById } from '../../db/queries/units'
import { botRemovedCard, greetingCard } from '../../templates/bot-notices'
import { deliverOnce, deliverToOffice } from '../delivery/deliver'
import { shanghaiDate } from '../domain/week'
import type { Deps } from '../deps'

const userId = z.object({ open_id: z.string().min(1) })

/** https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/chat-access_event/events/bot_p2p_chat_entered */
const p2pEntered = z.object({ chat_id: z.string().min(1), operator_id: userId })

/** https://open.feishu.cn/document/server-docs/group/chat-member/event/deleted */
const botRemoved = z.object({ chat_id: z.string().min(1), name: z.string().default('') })

/**
 * Someone opened the private chat: a short hello that says who the bot takes them for. Lark
 * sends this every time the chat is opened, so each person is greeted at most once a day; the
 * delivery row is the guard, whichever transport (or redelivery) brought the event.
 */
export async function greet(deps: Deps, event: unknown) {
  const parsed = p2pEntered.safeParse(event)
  if (!parsed.success) return deps.log.info('ignored malformed p2p_chat_entered event')
  const openId = parsed.data.operator_id.open_id
  const { db } = deps.database
  const actor = await loadActor(db, openId, deps.config.adminOpenIds)
  const unit = actor.unitId === null ? undefined : await unitById(db, actor.unitId)
  const card = greetingCard({ role: actor.role, unitName: unit?.name ?? null })
  const day = shanghaiDate(deps.clock())
  await deliverOnce(deps, 'greeting', `${openId}:${day}`, [
    { to: { type: 'open_id', id: openId }, card },
  ])
}

/**
 * The bot was removed from a group. If /设置 named it (联络员群, 周报群), the setting is
 * cleared, so reminders and digests stop going to a chat that refuses them, and the office is
 * told once which setting to make again. The notice is claimed before the setting is cleared:
 * a redelivery after a crash in between still finds the setting, and the claim sends once.
 */
export async function botRemovedFromChat(deps: Deps, event: unknown, eventId: string) {
  const parsed = botRemoved.safeParse(event)
  if (!parsed.success) return deps.log.info('ignored malformed bot_deleted event')
  const { chat_id: chatId, name } = parsed.data
  const { db } = deps.database
  const named = await settingsNaming(db, chatId)
  if (named.length === 0) return deps.log.info(`bot removed from ${chatId}, which no setting names`)
  const card = botRemovedCard({
    groupName: name,
    settings: named.map((key) => CHAT_SETTING_NAMES[key]),
    botName: deps.config.lark.botName,
  })
  await deliverToOffice(deps, 'bot-removed', eventId, card)
  await deps.database.batch([clearChatSettings(chatId)])
}
