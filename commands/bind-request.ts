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
import { defineAction } from '../src/handlers'
import type { Context } from '../src/handlers'
import { requireUnit } from './support'

/** Delivery key of a request: each admin gets one card per (person, unit), however often asked. */
const REQUEST_JOB = 'bind-request'
const requestPeriod = (openId: string, unitId: number) => `${openId}:${unitId}`

/** `/绑定 单位` from someone not yet (or elsewhere) bound: the admins decide. */
export async function requestBinding(ctx: Context, unitText: string) {
  if (!unitText) throw new UsageError('请写上要加入的单位名称。', '例：/绑定 区财政局')
  const unit = await requireUnit(ctx.db, unitText)
  if (!unit.active) throw new UsageError(`「${unit.name}」已停用，不能再绑定。`)
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
  const from = person?.unitId ? ((await unitById(ctx.db, person.unitId))?.name ?? null) : null
  const request = bindRequestCard({
    openId,
    unitId: unit.id,
    unitName: unit.name,
    liaisons: liaisons.map((l) => l.name || l.openId),
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
