import { z } from 'zod'
import { UsageError } from '../errors'
import { fillNameWrite, loadActor } from '../../db/queries/people'
import type { Card } from '../../templates/card'
import type { Deps } from '../deps'
import type { Registry } from '../handlers'
import { deliverOnce } from '../delivery/deliver'
import { dispatch, usageErrorCard } from './dispatch'
import { handlerContext } from './run'

/**
 * The menu configured in the developer console (docs/lark-setup.md): each item's event_key and
 * the command a click runs for the person who clicked. Each of these only reads (a bare /上报
 * answers with the form), so a click has nothing to commit but its delivery.
 */
export const MENU_COMMANDS: Readonly<Record<string, string>> = {
  report: '上报',
  progress: '进度',
  digest: '周报',
  help: '帮助',
}

/** https://open.feishu.cn/document/client-docs/bot-v3/events/menu */
const menuClick = z.object({
  operator: z.object({
    operator_name: z.string().default(''),
    operator_id: z.object({ open_id: z.string().min(1) }),
  }),
  event_key: z.string(),
})

/**
 * A click on the bot's menu. The event names no chat (a menu may be opened from anywhere), so
 * the card goes to the person privately, once per click whichever transport brought it: the
 * delivery row keyed by the event's id is the guard. The click carries the person's name, which
 * a message does not: a liaison the bot knew only by id is named from it.
 */
export async function handleMenuClick(
  deps: Deps,
  commands: Registry,
  event: unknown,
  eventId: string,
) {
  const parsed = menuClick.safeParse(event)
  if (!parsed.success) return deps.log.info('ignored malformed menu event')
  const { operator, event_key: key } = parsed.data
  const name = MENU_COMMANDS[key]
  if (!name)
    return deps.log.info(`ignored menu item ${key}: not one of ${Object.keys(MENU_COMMANDS)}`)
  const openId = operator.operator_id.open_id
  const card = await answer(deps, commands, name, openId, eventId)
  await deliverOnce(deps, 'menu', eventId, [{ to: { type: 'open_id', id: openId }, card }])
  if (operator.operator_name)
    await deps.database.batch([fillNameWrite(openId, operator.operator_name)])
}

async function answer(
  deps: Deps,
  commands: Registry,
  name: string,
  openId: string,
  eventId: string,
): Promise<Card> {
  const { db } = deps.database
  const { ctx, effects } = handlerContext({
    db,
    config: deps.config,
    actor: await loadActor(db, openId, deps.config.adminOpenIds),
    sender: { openId, name: '' },
    chat: { id: '', type: 'p2p' },
    // What a bare /上报 keys its form by: one report at most per click.
    messageId: `menu-${eventId}`,
    mentions: [],
    attachments: [],
    repliesTo: [],
    form: {},
    now: deps.clock(),
  })
  let card: Card
  try {
    card = await dispatch(commands, { name, args: [] }, ctx)
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    return usageErrorCard(err)
  }
  // A click commits nothing but its delivery: a menu command that wrote would lose its writes.
  if (effects.staged.length > 0 || effects.numbers.size > 0 || effects.later.length > 0) {
    throw new Error(`menu item ${name} staged writes or work; only reading commands belong there`)
  }
  return card
}
