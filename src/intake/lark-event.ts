import type { Handlers } from '../handlers'
import type { Deps } from '../deps'
import { cardActionEvent, messageEvent, type envelope } from '../lark/events'
import { handleBotAdded } from './bot-added'
import { handleMenuClick } from './bot-menu'
import { botRemovedFromChat, greet } from './chat-events'
import { handleCardAction } from './card-actions'
import { handleMessage, type Defer } from './messages'
import type { z } from 'zod'

type Envelope = z.output<typeof envelope>

/**
 * One authenticated 2.0 event, from whichever transport brought it (the webhook, the long
 * connection): stored before this resolves, so the caller acknowledges only what is durable.
 * Resolves with what Lark gets back: `{}`, or a card action's toast and card.
 */
export async function takeEvent(
  deps: Deps,
  handlers: Handlers,
  { header, event }: Envelope,
  defer: Defer,
): Promise<object> {
  const { event_type: type, event_id: eventId, app_id: appId } = header
  const { appId: ours } = deps.config.lark
  if (ours && appId && appId !== ours) return ignored(deps, `event for app ${appId}`)
  if (type === 'im.message.receive_v1') {
    const parsed = messageEvent.safeParse(event)
    if (!parsed.success) return ignored(deps, 'malformed message event')
    await handleMessage(deps, handlers.commands, parsed.data, eventId, defer)
    return {}
  }
  if (type === 'card.action.trigger') {
    const parsed = cardActionEvent.safeParse(event)
    if (!parsed.success) return ignored(deps, 'malformed card action')
    return handleCardAction(deps, handlers.actions, parsed.data, eventId, defer)
  }
  if (type === 'im.chat.member.bot.added_v1') {
    handleBotAdded(deps, event, eventId, defer)
    return {}
  }
  // Each of these is done, or durably claimed for the sweep, before Lark gets its answer.
  if (type === 'application.bot.menu_v6') {
    await handleMenuClick(deps, handlers.commands, event, eventId)
    return {}
  }
  if (type === 'im.chat.access_event.bot_p2p_chat_entered_v1') {
    await greet(deps, event)
    return {}
  }
  if (type === 'im.chat.member.bot.deleted_v1') {
    await botRemovedFromChat(deps, event, eventId)
    return {}
  }
  return ignored(deps, `event type ${type}`)
}

export function ignored(deps: Deps, what: string) {
  deps.log.info(`ignored ${what}`)
  return {}
}
