import { UsageError } from '../src/errors'
import { findPerson, liaisonsOf, personWrite } from '../db/queries/people'
import { unitById } from '../db/queries/units'
import { deliverOnce, officeRecipients } from '../src/delivery/deliver'
import { updateCopies } from '../src/delivery/update-cards'
import {
  bindDecidedCard,
  bindDecisionValue,
  bindOutcomeCard,
  bindRequestCard,
} from '../templates/bind-cards'
import { card, esc, md } from '../templates/card'
import { personLabel } from '../src/domain/names'
import { defineAction } from '../src/handlers'
import type { Context } from '../src/handlers'
import { requireUnit } from './support'

/** Delivery key of a request: each admin gets one card per (person, unit), however often asked. */
const REQUEST_JOB = 'bind-request'
const requestPeriod = (openId: string, unitId: number) => `${openId}:${unitId}`

const EXAMPLE = '例：/绑定 区财政局 张三'
const MAX_NAME = 20

/**
 * `/绑定 单位 姓名` from someone not yet (or elsewhere) bound: the admins decide. A message
 * does not carry its sender's name, so the request does: without it the unit's cards, /记录
 * and the export would know this liaison only by an id.
 */
export async function requestBinding(ctx: Context, typed: string) {
  const words = typed.split(/\s+/).filter(Boolean)
  // Unit names hold no spaces (/单位 添加 takes several at once), so a second word is the name.
  const [unitText, name] =
    words.length > 1 ? [words.slice(0, -1).join(' '), words.at(-1)!] : [typed, '']
  if (!unitText) throw new UsageError('请写上要加入的单位名称和你的姓名。', EXAMPLE)
  const unit = await requireUnit(ctx.db, unitText)
  if (!unit.active) throw new UsageError(`「${unit.name}」已停用，不能再绑定。`)
  if (name.length > MAX_NAME || /^ou_/.test(name))
    throw new UsageError(`「${name}」不像姓名，请写你的姓名。`, EXAMPLE)
  const { openId } = ctx.sender
  const [person, liaisons, office] = await Promise.all([
    findPerson(ctx.db, openId),
    liaisonsOf(ctx.db, [unit.id]),
    officeRecipients(ctx.db, ctx.config),
  ])
  if (person?.unitId === unit.id) {
    throw new UsageError(`你已经是「${unit.name}」的联络员了。`, '发送 /上报 即可上报本单位的数。')
  }
  if (office.length === 0) throw new UsageError('还没有设置管理员，请联系主题教育办。')
  const known = name || person?.name
  if (!known) {
    throw new UsageError(
      '请在单位名称后写上你的姓名，管理员才知道是谁申请。',
      `例：/绑定 ${unit.name} 张三`,
    )
  }
  if (name) ctx.stage(personWrite({ openId, name }, ctx.now))
  const from = person?.unitId ? ((await unitById(ctx.db, person.unitId))?.name ?? null) : null
  const request = bindRequestCard({
    openId,
    name: known,
    unitId: unit.id,
    unitName: unit.name,
    liaisons: liaisons.map((l) => personLabel(l.name)),
    from,
  })
  const deliveries = office.map((to) => ({ to, card: request }))
  ctx.afterCommit((deps) =>
    deliverOnce(deps, REQUEST_JOB, requestPeriod(openId, unit.id), deliveries),
  )
  return card({
    title: '已提交绑定申请',
    colour: 'blue',
    elements: [md(`已请管理员确认你成为「${esc(unit.name)}」的联络员，确认后会私聊通知你。`)],
  })
}

/**
 * An admin's 同意/拒绝: binds (or not), tells the person once, and marks the card decided: the
 * clicked copy by the answer, every other admin's copy by an update.
 */
export const bindDecisionAction = defineAction({
  name: 'bind',
  schema: bindDecisionValue,
  action: 'people.manage',
  async run(ctx, value) {
    const unit = await unitById(ctx.db, value.u)
    if (!unit) return { toast: { type: 'error', content: '这个单位已不存在。' } }
    const approved = value.ok
    const person = await findPerson(ctx.db, value.p)
    const already = person?.unitId === unit.id
    if (approved && !already) ctx.stage(personWrite({ openId: value.p, unitId: unit.id }, ctx.now))
    const decided = bindDecidedCard({
      openId: value.p,
      unitName: unit.name,
      approved: approved || already,
      by: ctx.actor.openId,
      at: ctx.now,
    })
    if (already) {
      const content = `此人已是「${unit.name}」的联络员，无需再处理。`
      return { toast: { type: 'info', content }, card: { type: 'raw', data: decided } }
    }
    const outcome = bindOutcomeCard({ unitName: unit.name, approved })
    const uuid = `bind-${approved ? 'ok' : 'no'}-${value.p}-${unit.id}`.slice(0, 50)
    ctx.afterCommit((deps) => deps.lark.send({ type: 'open_id', id: value.p }, outcome, uuid))
    const request = { kind: REQUEST_JOB, subject: requestPeriod(value.p, unit.id) }
    const verdict = approved ? 'ok' : 'no'
    ctx.afterCommit((deps) => updateCopies(deps, request, verdict, decided, ctx.messageId))
    const content = approved ? `已绑定到「${unit.name}」，并已通知本人。` : '已拒绝，并已通知本人。'
    return { toast: { type: 'success', content }, card: { type: 'raw', data: decided } }
  },
})
