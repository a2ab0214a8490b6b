import type { inboundMessages } from '../../db/schema'
import { catalog } from '../../src/domain/catalog'
import { weekRange } from '../../src/domain/week'
import { messageEvent } from '../../src/lark/payloads'
import { card, md } from '../../templates/card'
import { reportMessageId, type Planned } from './scale-weeks'
import { adminId, LIAISONS_CHAT, OFFICE_CHAT, type Random, type World } from './scale-world'

type Message = typeof inboundMessages.$inferInsert
const TOKEN = 'scale verification token'
const READS_PER_WEEK = 6
const READS = ['/统计 本周', '/统计 累计', '/未报', '/周报', '/整改', '/进度']
const PENDING = 5

/**
 * A message the bot received and answered: the event as the webhook stores it, processed
 * and replied to within a second, so the sweep has nothing to do with it.
 */
function answered(id: string, sender: string, chatId: string, text: string, at: Date): Message {
  const delivery = messageEvent({
    token: TOKEN,
    chatId,
    chatType: 'group',
    sender: { openId: sender },
    text,
    messageId: id,
    eventId: `ev_${id}`,
    at,
  })
  const reply = card({ title: '已处理', elements: [md(text)] })
  return {
    messageId: id,
    eventId: delivery.header.event_id,
    chatId,
    senderOpenId: sender,
    text,
    event: JSON.stringify(delivery.event),
    createdAt: at,
    processedAt: new Date(at.getTime() + 200),
    reply: JSON.stringify(reply),
    repliedAt: new Date(at.getTime() + 500),
    pendingAt: null,
    attempts: 0,
  }
}

const typed = (p: Planned) => {
  const words = p.items.flatMap((i) => [catalog.byKey(i.indicator)!.name, String(i.amount)])
  return `/${p.kind === 'correction' ? '更正' : '上报'} ${words.join(' ')}`
}

/** What the bot received in a week: each report, each /撤销, and a few reads by the office. */
export function weekMessages(
  planned: Planned[],
  week: string,
  context: { random: Random; world: World; now: Date },
): Message[] {
  const { random, world, now } = context
  const rows = planned.flatMap((p) => [
    answered(reportMessageId(p.id), p.reporter, LIAISONS_CHAT, typed(p), p.at),
    ...(p.revokedAt
      ? [answered(`om_scale_x${p.id}`, p.reporter, LIAISONS_CHAT, `/撤销 ${p.id}`, p.revokedAt)]
      : []),
  ])
  const start = weekRange(week).start.getTime()
  for (let i = 0; i < READS_PER_WEEK; i++) {
    const at = new Date(start + random.int(0, 7 * 24 * 3_600_000 - 1))
    if (at >= now) continue
    const who = random.chance(0.5) ? random.pick(world.leaders).openId : adminId(0)
    rows.push(answered(`om_scale_q${week}_${i}`, who, OFFICE_CHAT, random.pick(READS), at))
  }
  return rows
}

/**
 * A handful of messages still pending: processed, but Lark refused the reply so far, each
 * backing off (its next look minutes after `now`), as the sweep leaves them between attempts.
 */
export function pendingMessages(world: World, random: Random, now: Date): Message[] {
  return Array.from({ length: PENDING }, (_, i) => {
    const unit = random.pick(world.units).id
    const sender = world.liaisons.get(unit)![0]!
    const at = new Date(now.getTime() - (i + 1) * 7 * 60_000)
    const row = answered(`om_scale_pending_${i}`, sender, LIAISONS_CHAT, '/进度', at)
    return {
      ...row,
      repliedAt: null,
      attempts: 3,
      pendingAt: new Date(now.getTime() + (i + 10) * 60_000),
    }
  })
}
