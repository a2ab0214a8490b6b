import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import type { Card } from '../../templates/card'

// Friday 2026-11-27 10:00 in Shanghai.
export const FRIDAY = new Date('2026-11-27T02:00:00Z')
export const zhang = { openId: 'ou_zhang', name: '张三' } // liaison, 区财政局
export const li = { openId: 'ou_li', name: '李四' } // liaison, 区教育局
export const leader = { openId: 'ou_leader', name: '赵书记' }
export const office2 = { openId: 'ou_office2', name: '办公室二' } // admin by role
export const stranger = { openId: 'ou_stranger', name: '路人' }
export { ADMIN }

export async function rectificationBot(now: Date = FRIDAY): Promise<TestBot> {
  const bot = await createTestBot({ now: () => now })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })
  await bot.say(ADMIN, '/角色 管理员 @_user_1', { mentions: [office2] })
  return bot
}

/** Files an item as the office and returns its code. */
export async function file(bot: TestBot, text: string): Promise<string> {
  const reply = cardText(await bot.say(ADMIN, `/整改 新增 ${text}`))
  const code = /已挂账 (ZG-\d{4}-\d{3})/.exec(reply)?.[1]
  if (!code) throw new Error(`not filed: ${reply}`)
  return code
}

export const rows = async (bot: TestBot, sql: string) =>
  (await bot.deps.database.client.execute(sql)).rows

export const statusOf = async (bot: TestBot, code: string) =>
  (await rows(bot, `select status from rectifications where code = '${code}'`))[0]?.status

export const historyCount = async (bot: TestBot, code?: string) =>
  Number(
    (
      await rows(
        bot,
        `select count(*) from rectification_history h join rectifications r on r.id = h.rectification_id${code ? ` where r.code = '${code}'` : ''}`,
      )
    )[0]![0],
  )

/** The codes a list card shows, in order. */
export const codesIn = (card: Card | undefined) =>
  [...cardText(card).matchAll(/\*\*(ZG-\d{4}-\d{3})\*\*/g)].map((m) => m[1]!)

/** Buttons on a card with their callback values. */
export function buttonsOf(
  card: Card | undefined,
): Array<{ text: string; value: Record<string, unknown> }> {
  const found: Array<{ text: string; value: Record<string, unknown> }> = []
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    const el = node as Record<string, unknown>
    if (el.tag === 'button') {
      const text = (el.text as { content: string }).content
      const value = (el.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value
      found.push({ text, value })
    }
    Object.values(el).forEach(walk)
  }
  walk(card?.body)
  return found
}

/** The last card shown to one person alone: 仅对你可见 in a group, or in their private chat. */
export const shownOnlyTo = (bot: TestBot, who: { openId: string }): Card | undefined =>
  bot.outbox.items.findLast(
    (i) => (i.kind === 'ephemeral' || i.kind === 'send') && i.to === `open_id:${who.openId}`,
  )?.card

/**
 * A form opened from a group's card: the click leaves the group's card as it was (no card in
 * its answer) and the form is shown to the clicker alone.
 */
export async function formFromGroup(bot: TestBot, who: { openId: string }, value: object) {
  const before = bot.outbox.items.length
  const res = await bot.click(who, value as Record<string, unknown>)
  if (res.body.card)
    throw new Error(`the click replaced the group's card: ${res.body.toast.content}`)
  const form = shownOnlyTo(bot, who)
  if (bot.outbox.items.length === before || !form) throw new Error('no form was shown')
  return form
}

/** `/整改 新增` in the group: the group is told, the sender alone gets the form. */
export async function addForm(bot: TestBot, who: { openId: string; name?: string }) {
  const told = await bot.say({ name: '', ...who }, '/整改 新增')
  if (!cardText(told).includes('表单已单独发给你')) throw new Error(cardText(told))
  return shownOnlyTo(bot, who)
}
