import type { Db } from '../../db/client'
import { listPeople } from '../../db/queries/people'
import { listUnits } from '../../db/queries/units'
import { LOCAL_ADMIN_OPEN_ID } from '../config'
import type { Role } from '../domain/permissions'
import { ConsoleInputError } from '../errors'
import type { Mention } from '../lark/payloads'

/** The bot's open_id in the console's chats; its name is the configured LARK_BOT_NAME. */
const CONSOLE_BOT_ID = 'ou_console_bot'

export type RosterEntry = { openId: string; name: string; role: Role; unit?: string }

/** Someone the bot does not know, to see what a newcomer gets. */
export const STRANGER: RosterEntry = {
  openId: 'ou_console_stranger',
  name: '路人甲',
  role: 'stranger',
}

export type ConsoleChat = { id: string; name: string; type: 'p2p' | 'group' }

export const GROUPS: ConsoleChat[] = [
  { id: 'oc_console_liaisons', name: '联络员群', type: 'group' },
  { id: 'oc_console_leaders', name: '领导群', type: 'group' },
]

/** Each person's private chat with the bot; a send to open_id:X lands in X's. */
export const privateChat = (openId: string): ConsoleChat => ({
  id: `oc_console_p2p_${openId}`,
  name: '与机器人私聊',
  type: 'p2p',
})

export function chatById(id: string): ConsoleChat | undefined {
  const group = GROUPS.find((g) => g.id === id)
  if (group) return group
  return id.startsWith('oc_console_p2p_')
    ? privateChat(id.slice('oc_console_p2p_'.length))
    : undefined
}

/** Everyone one can play: admins, leaders, each unit's liaisons, then a stranger. */
export async function loadRoster(db: Db, adminOpenIds: readonly string[]): Promise<RosterEntry[]> {
  const unitNames = new Map((await listUnits(db)).map((u) => [u.id, u.name]))
  const rows = await listPeople(db)
  const entry = (p: (typeof rows)[number]): RosterEntry => ({
    openId: p.openId,
    name: p.name || p.openId,
    role: adminOpenIds.includes(p.openId)
      ? 'admin'
      : (p.role ?? (p.unitId ? 'liaison' : 'stranger')),
    ...(p.unitId ? { unit: unitNames.get(p.unitId) ?? '' } : {}),
  })
  const known = rows.map(entry)
  const bootstrap = adminOpenIds
    .filter((id) => !known.some((k) => k.openId === id))
    .map((openId): RosterEntry => ({
      openId,
      name: openId === LOCAL_ADMIN_OPEN_ID ? '本地管理员' : `管理员 ${openId}`,
      role: 'admin',
    }))
  const order: Role[] = ['admin', 'leader', 'liaison', 'stranger']
  const sorted = [...bootstrap, ...known].sort(
    (a, b) => order.indexOf(a.role) - order.indexOf(b.role),
  )
  return [...sorted, STRANGER]
}

/**
 * What Lark makes of a typed `@张三`: a `@_user_N` placeholder plus a mention entry. Lark only
 * delivers a group message that @s the bot (anywhere in it), so in a group the person must type
 * `@统计机器人`, as they will in Lark.
 */
export function withMentions(
  text: string,
  roster: RosterEntry[],
  chat: ConsoleChat,
  botName: string,
) {
  const bot = { openId: CONSOLE_BOT_ID, name: botName }
  const people: Mention[] = chat.type === 'group' ? [bot, ...roster] : roster
  const mentions: Mention[] = []
  const names = people.map((r) => r.name!).sort((a, b) => b.length - a.length)
  const pattern = names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')
  const replaced = text.replace(new RegExp(`@(${pattern})`, 'g'), (_, name: string) => {
    const person = people.find((r) => r.name === name)!
    mentions.push({ openId: person.openId, name })
    return `@_user_${mentions.length}`
  })
  if (chat.type === 'group' && !mentions.some((m) => m.openId === bot.openId)) {
    throw new ConsoleInputError(
      `群里的消息要 @${botName}，飞书才会交给机器人，例如：@${botName} /帮助`,
    )
  }
  return { text: replaced, mentions }
}
