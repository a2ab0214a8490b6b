import { UsageError } from '../src/errors'
import type { z } from 'zod'
import { can } from '../src/domain/permissions'
import { shanghaiDate } from '../src/domain/week'
import { closeValue, extendFormValue, type GroupList } from '../templates/rectification-cards'
import { deliverOnce } from '../src/delivery/deliver'
import {
  closeFormFields,
  closeSubmitValue,
  extendFormFields,
  extendSubmitValue,
  rectificationCloseFormCard,
  rectificationExtendFormCard,
  reviewValue,
} from '../templates/rectification-forms'
import { defineAction, type CardResponse, type Context } from '../src/handlers'
import { showOnlyTo } from '../src/delivery/reply'
import type { Card } from '../templates/card'
import { detailCard, listCard } from './rectification-list'
import {
  closeItem,
  decideItem,
  extendItem,
  requireDate,
  requireItem,
  requireNotClosed,
  requireRight,
  type CloseOutcome,
} from './rectification-ops'

// Card buttons of the ledger. Each re-checks the item's state, so a second click changes nothing,
// and answers with the item as it reads once its change commits.

const raw = (data: unknown) => ({ type: 'raw' as const, data })
/** A text field of the submitted form, trimmed; '' when it is missing. */
const formText = (ctx: Context, name: string) => {
  const value = ctx.form?.[name]
  return typeof value === 'string' ? value.trim() : ''
}

/**
 * A form for the one who clicked. On a card only they read (a private chat's list) it takes the
 * card's place; on a group's card, which the whole group reads (JSON 2.0 cards are shared), it
 * opens for them alone, 仅对你可见 or else privately, and the group's card stays as it was.
 */
function openForm(ctx: Context, form: Card, what: string, onPrivateCard: boolean): CardResponse {
  if (onPrivateCard) return { toast: { type: 'info', content: what }, card: raw(form) }
  const { openId } = ctx.actor
  const uuid = `${form.header?.title.content ?? ''}|${openId}`.slice(0, 50)
  ctx.afterCommit((deps) => showOnlyTo(deps, ctx.chat.id, openId, form, uuid))
  const content = `${what}：表单只发给了你（仅你可见，或在与机器人的私聊里）`
  return { toast: { type: 'info', content } }
}

/** Once the change commits, the group's list the form came from shows it (a queued update). */
function refreshGroupList(ctx: Context, { m, ...place }: GroupList, code: string) {
  ctx.afterCommit(async (deps) => {
    const card = await listCard(deps.database.db, place, deps.clock(), ctx.actor)
    const to = { type: 'message_id' as const, id: m }
    const period = `${m}|${code}|${ctx.now.getTime()}`
    return deliverOnce(deps, 'update:ledger-list', period, [{ to, card }])
  })
}

const CLOSE_TOASTS: Record<CloseOutcome['kind'], [type: 'success' | 'info', text: string]> = {
  closed: ['success', '已销号'],
  requested: ['success', '已提交销号申请，等待主题教育办审核'],
  'already-closed': ['info', '这项已经销号了'],
  'already-requested': ['info', '已经提交过销号申请，等待审核'],
}

/** The 销号 button asks for the 整改成效 (and any 佐证) before anything is filed. */
export const closeAction = defineAction({
  name: 'ledger-close',
  schema: closeValue,
  // Refused inside, with the real reason: only the office extends, a unit closes its own.
  action: 'rectification.read',
  async run(ctx, value) {
    const item = await requireItem(ctx.db, value.code, ctx.now)
    const admin = can(ctx.actor, 'rectification.manage')
    if (!admin) requireRight(ctx.actor, 'rectification.request_close', item, '申请销号')
    requireNotClosed(item, '再销号')
    if (!admin && item.status === 'pending')
      throw new UsageError(`${item.code} 已经提交过销号申请，等待主题教育办审核`)
    const today = shanghaiDate(ctx.now)
    // Submitted, a form that replaced a private list brings that list back; one opened beside
    // a group's list answers with the item and updates the group's list.
    const place = value.l.pr ? value.l : undefined
    const group = place ? undefined : { ...value.l, m: ctx.messageId }
    const { botName } = ctx.config.lark
    const form = rectificationCloseFormCard({ item, today, admin, place, group, botName })
    return openForm(ctx, form, '请填写整改成效', place !== undefined)
  },
})

export const closeSubmitAction = defineAction({
  name: 'ledger-close-submit',
  schema: closeSubmitValue,
  action: 'rectification.read',
  async run(ctx, value) {
    const fields = closeFormFields.safeParse(ctx.form)
    if (!fields.success) throw new UsageError('表单内容看不懂，请重新点击销号')
    const outcome = fields.data.outcome?.trim() ?? ''
    if (!outcome) throw new UsageError('请填写整改成效：问题整改到什么程度、取得了什么成效')
    const item = await requireItem(ctx.db, value.code, ctx.now)
    const evidence = fields.data.evidence?.trim()
    const closed = await closeItem(ctx, item, { outcome, evidence })
    const [type, text] = CLOSE_TOASTS[closed.kind]
    const content = `${item.code} ${text}`
    const staged = closed.staged ?? { item }
    if (closed.staged && value.g) refreshGroupList(ctx, value.g, item.code)
    const change = { from: item, to: staged.item }
    const data = value.l
      ? await listCard(ctx.db, value.l, ctx.now, ctx.actor, change)
      : await detailCard(ctx.db, staged, ctx.now, content)
    return { toast: { type, content }, card: raw(data) }
  },
})

export const extendFormAction = defineAction({
  name: 'ledger-extend-form',
  schema: extendFormValue,
  action: 'rectification.read',
  async run(ctx, value) {
    const item = await requireItem(ctx.db, value.code, ctx.now)
    requireRight(ctx.actor, 'rectification.manage', item, '延期')
    requireNotClosed(item, '延期')
    const onPrivateCard = value.l?.pr === 1
    const group = value.l && !onPrivateCard ? { ...value.l, m: ctx.messageId } : undefined
    const form = rectificationExtendFormCard(item, shanghaiDate(ctx.now), group)
    return openForm(ctx, form, '请选择新的整改时限', onPrivateCard)
  },
})

export const extendAction = defineAction({
  name: 'ledger-extend',
  schema: extendSubmitValue,
  action: 'rectification.read',
  async run(ctx, value) {
    const fields = extendFormFields.safeParse(ctx.form)
    if (!fields.success) throw new UsageError('表单内容看不懂，请重新点击延期')
    const item = await requireItem(ctx.db, value.code, ctx.now)
    const date = requireDate(fields.data.deadline, ctx.now, '')
    const staged = extendItem(ctx, item, date, fields.data.reason?.trim() ?? '')
    if (staged && value.g) refreshGroupList(ctx, value.g, item.code)
    const text = staged ? `${item.code} 已延期至 ${date}` : `${item.code} 的时限已经是 ${date}`
    return {
      toast: { type: staged ? 'success' : 'info', content: text },
      card: raw(await detailCard(ctx.db, staged ?? { item }, ctx.now, text)),
    }
  },
})

function reviewAction(name: 'ledger-approve' | 'ledger-reject') {
  const approve = name === 'ledger-approve'
  return defineAction({
    name,
    schema: reviewValue,
    action: 'rectification.read',
    async run(ctx, value: z.infer<typeof reviewValue>) {
      const item = await requireItem(ctx.db, value.code, ctx.now)
      const reason = formText(ctx, 'reason')
      // A click shows only a toast: it says where the reason goes, and nothing is recorded.
      if (!approve && !reason && item.status === 'pending')
        throw new UsageError('请先在「退回理由」一栏写明为什么退回，再点退回；这次没有退回')
      const note = approve ? `同意销号${reason ? `：${reason}` : ''}` : reason
      const staged = await decideItem(ctx, item, value.h, approve, note)
      const text = staged
        ? `${item.code} ${approve ? '已同意销号' : '已退回'}`
        : `${item.code} 的这次申请已经处理过了`
      return {
        toast: { type: staged ? 'success' : 'info', content: text },
        card: raw(await detailCard(ctx.db, staged ?? { item }, ctx.now, text)),
      }
    },
  })
}

export const approveAction = reviewAction('ledger-approve')
export const rejectAction = reviewAction('ledger-reject')
