import type { jobDeliveries, rectificationHistory, rectifications } from '../../db/schema'
import { formatCode, SOURCES } from '../../src/domain/rectification'
import { addWeeks, shanghaiDate, weekRange } from '../../src/domain/week'
import { card, md } from '../../templates/card'
import { adminId, LEADERS_CHAT, LIAISONS_CHAT, type Random, type World } from './scale-world'

/** The ledger: 2,000 items on 300 units × 104 weeks, ~5 history rows each. */
const ITEMS_AT_FULL_SIZE = 2000
const FULL_SIZE = 300 * 104
const DAY = 86_400_000

const PROBLEMS = [
  '办事流程环节多、时限长',
  '基层反映的问题回应不及时',
  '学习资料发放不到位',
  '制度执行不严格',
  '服务窗口预约渠道单一',
  '台账资料不规范',
  '惠民资金拨付偏慢',
  '群众诉求办理跟踪不够',
]
const MEASURES = [
  '压缩环节，推行并联办理',
  '建立台账，按周通报',
  '统一模板，逐项核对',
  '开通线上渠道，增设专窗',
]
const NOTES = [
  '已召开专题会研究',
  '已完成制度修订',
  '正在逐项整改',
  '已印发整改方案',
  '整改过半，按计划推进',
]

type Item = typeof rectifications.$inferInsert & {
  id: number
  deadline: string
  status: 'open' | 'pending' | 'closed'
}
type History = typeof rectificationHistory.$inferInsert

/**
 * The 整改台账: items filed over the whole span, each with its history as the commands write
 * it (create, progress notes, an extension, a 销号 asked for, sent back, approved, or struck
 * off by the office), cut off at `now`.
 */
export function createLedger(
  world: World,
  random: Random,
  span: { start: Date; now: Date; weeks: number },
) {
  const count = Math.max(
    7,
    Math.round((ITEMS_AT_FULL_SIZE * world.units.length * span.weeks) / FULL_SIZE),
  )
  const times = Array.from(
    { length: count },
    () => span.start.getTime() + random.next() * (span.now.getTime() - DAY - span.start.getTime()),
  ).sort((a, b) => a - b)
  const items: Item[] = []
  const history: History[] = []
  const seqs = new Map<number, number>()
  for (const [i, t] of times.entries()) {
    const createdAt = new Date(t)
    const year = Number(shanghaiDate(createdAt).slice(0, 4))
    const seq = (seqs.get(year) ?? 0) + 1
    seqs.set(year, seq)
    const unit = random.pick(world.units)
    const leader = random.pick(world.leaders)
    const item: Item = {
      id: i + 1,
      code: formatCode(year, seq),
      year,
      seq,
      problem: `${unit.name}${random.pick(PROBLEMS)}`,
      source: random.pick(SOURCES),
      measures: random.chance(0.9) ? random.pick(MEASURES) : '',
      deadline: shanghaiDate(new Date(t + random.int(20, 120) * DAY)),
      leadLeader: leader.name,
      leadLeaderOpenId: leader.openId,
      unitId: unit.id,
      status: 'open',
      createdBy: adminId(0),
      createdAt,
      closedAt: null,
    }
    items.push(item)
    history.push(...lifeOf(item, world.liaisons.get(unit.id)![0]!, random, span.now))
  }
  return { items, history }
}

/** An item's changes after it was filed, in order, up to `now`; it is left as they leave it. */
function lifeOf(item: Item, liaison: string, random: Random, now: Date): History[] {
  let t = item.createdAt!.getTime()
  const rows: History[] = []
  const add = (actor: string, action: string, fields: Partial<History>) => {
    t += random.int(1, 20) * DAY
    if (t >= now.getTime()) return false
    const at = new Date(t)
    rows.push({
      rectificationId: item.id,
      actorOpenId: actor,
      action,
      dedupeKey: `scale-${item.id}-${rows.length}`,
      createdAt: at,
      ...fields,
    })
    return true
  }
  rows.push({
    rectificationId: item.id,
    actorOpenId: adminId(0),
    action: 'create',
    newValue: item.code,
    dedupeKey: `scale-${item.id}-0`,
    createdAt: item.createdAt,
  })
  const status = (actor: string, action: string, to: Item['status']) => {
    const ok = add(actor, action, {
      field: 'status',
      oldValue: item.status,
      newValue: to,
      note: random.pick(NOTES),
    })
    if (ok) Object.assign(item, { status: to, closedAt: to === 'closed' ? new Date(t) : null })
    return ok
  }
  for (let n = random.int(0, 6); n > 0; n--) add(liaison, 'progress', { note: random.pick(NOTES) })
  if (random.chance(0.2)) {
    const to = shanghaiDate(new Date(Date.parse(item.deadline) + 30 * DAY))
    if (
      add(adminId(0), 'extend', {
        field: 'deadline',
        oldValue: item.deadline,
        newValue: to,
        note: '需等上级批复',
      })
    )
      item.deadline = to
  }
  const path = random.next()
  if (path < 0.3) status(adminId(0), 'close', 'closed')
  else if (path < 0.7 && status(liaison, 'request_close', 'pending')) {
    if (random.chance(0.2) && status(adminId(0), 'reject', 'open'))
      status(liaison, 'request_close', 'pending')
    if (path < 0.6 && item.status === 'pending') status(adminId(0), 'approve', 'closed')
  }
  return rows
}

type Delivery = typeof jobDeliveries.$inferInsert

/**
 * What the schedules sent: each week's digest to every leader and the leaders' group (Tuesday
 * 09:00 after the week) and its reminder to the liaisons' group (Thursday 15:00); the last two
 * reminders Lark refused so far, and wait for their next look, minutes after `now`.
 */
export function jobRows(world: World, weeks: string[], now: Date): Delivery[] {
  const digestTo = [...world.leaders.map((l) => `open_id:${l.openId}`), `chat_id:${LEADERS_CHAT}`]
  const rows: Delivery[] = []
  const sent = (job: string, period: string, recipient: string, at: Date, title: string) => {
    if (at >= now) return
    const stored = JSON.stringify(card({ title, elements: [md(period)] }))
    rows.push({
      job,
      period,
      recipient,
      claimedAt: at,
      sentAt: at,
      card: stored,
      pendingAt: null,
      attempts: 1,
    })
  }
  for (const week of weeks) {
    const start = weekRange(week).start.getTime()
    const tuesday = new Date(weekRange(addWeeks(week, 1)).start.getTime() + DAY + 9 * 3_600_000)
    for (const to of digestTo) sent('digest', week, to, tuesday, '周报')
    sent(
      'remind',
      week,
      `chat_id:${LIAISONS_CHAT}`,
      new Date(start + 3 * DAY + 15 * 3_600_000),
      '催报',
    )
  }
  const last = rows.filter((r) => r.job === 'remind').slice(-2)
  for (const r of last)
    Object.assign(r, {
      sentAt: null,
      attempts: 2,
      pendingAt: new Date(now.getTime() + 15 * 60_000),
    })
  return rows
}
