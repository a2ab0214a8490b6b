import { z } from 'zod'
import { welcomeCard } from '../../templates/bot-notices'
import type { Deps } from '../deps'
import type { Defer } from './messages'

/** https://open.feishu.cn/document/server-docs/group/chat-member/event/added-2 */
const botAdded = z.object({ chat_id: z.string().min(1) })

/**
 * The bot was added to a group: it says there how to start, with the @ that Lark needs before
 * it delivers a group message. The uuid makes a redelivered event post nothing new.
 */
export function handleBotAdded(deps: Deps, event: unknown, eventId: string, defer: Defer) {
  const parsed = botAdded.safeParse(event)
  if (!parsed.success) return deps.log.info('ignored malformed bot_added event')
  const to = { type: 'chat_id' as const, id: parsed.data.chat_id }
  defer(deps.lark.send(to, welcomeCard(deps.config.lark.botName), `hi-${eventId}`.slice(0, 50)))
}
