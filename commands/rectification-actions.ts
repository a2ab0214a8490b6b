import { UsageError } from '../src/errors'
import type { z } from 'zod'
import { shanghaiDate } from '../src/domain/week'
import { sendReviewRequest } from '../src/jobs/rectification-review'
import { closeValue, extendFormValue } from '../templates/rectification-cards'
import {
  extendFormFields,
  extendSubmitValue,
  rectificationExtendFormCard,
  reviewValue,
} from '../templates/rectification-forms'
import { defineAction, type CardActionContext } from './actions'
import { detailCard, listCard } from './rectification-list'
import {
  closeItem,
  decideItem,
  extendItem,
  requireDate,
  requireItem,
  requireNotClosed,
  requireRight,
  type Act,
  type CloseOutcome,
} from './rectification-ops'

// Card buttons of the ledger. Each re-checks the item's state, so a second click changes nothing.

const act = (ctx: CardActionContext): Act => ({ db: ctx.db, actor: ctx.actor, now: ctx.now })
const raw = (data: unknown) => ({ type: 'raw' as const, data })
/** A text field of the submitted form, trimmed; '' when it is missing. */
const formText = (ctx: CardActionContext, name: string) => {
  const value = ctx.event.action.form_value?.[name]
  return typeof value === 'string' ? value.trim() : ''
}

const CLOSE_TOASTS: Record<CloseOutcome['kind'], [type: 'success' | 'info', text: string]> = {
  closed: ['success', '已销号'],
  requested: ['success', '已提交销号申请，等待主题教育办审核'],
  'already-closed': ['info', '这项已经销号了'],
  'already-requested': ['info', '已经提交过销号申请，等待审核'],
}

export const closeAction = defineAction({
  name: 'ledger-close',
  schema: closeValue,
  action: 'rectification.request_close',
  async run(ctx, value) {
    const item = await requireItem(ctx.db, value.code, ctx.now)
    const outcome = await closeItem(act(ctx), item, '在台账卡片上销号')
    if (outcome.kind === 'requested')
      ctx.defer(() => sendReviewRequest(ctx.deps, item.id, outcome.requestId))
    const [type, text] = CLOSE_TOASTS[outcome.kind]
    return {
      toast: { type, content: `${item.code} ${text}` },
      card: raw(await listCard(ctx.db, value.l, ctx.now)),
    }
  },
})

export const extendFormAction = defineAction({
  name: 'ledger-extend-form',
  schema: extendFormValue,
  action: 'rectification.manage',
  async run(ctx, value) {
    const item = await requireItem(ctx.db, value.code, ctx.now)
    requireRight(ctx.actor, 'rectification.manage', item, '延期')
    requireNotClosed(item, '延期')
    const data = rectificationExtendFormCard(item, shanghaiDate(ctx.now))
    return { toast: { type: 'info', content: '请选择新的整改时限' }, card: raw(data) }
  },
})

export const extendAction = defineAction({
  name: 'ledger-extend',
  schema: extendSubmitValue,
  action: 'rectification.manage',
  async run(ctx, value) {
    const fields = extendFormFields.safeParse(ctx.event.action.form_value ?? {})
    if (!fields.success) throw new UsageError('表单内容看不懂，请重新点击延期')
    const item = await requireItem(ctx.db, value.code, ctx.now)
    const date = requireDate(fields.data.deadline, ctx.now, '')
    const done = await extendItem(act(ctx), item, date, fields.data.reason?.trim() ?? '')
    const after = await requireItem(ctx.db, value.code, ctx.now)
    const text = done ? `${item.code} 已延期至 ${date}` : `${item.code} 的时限已经是 ${date}`
    return {
      toast: { type: done ? 'success' : 'info', content: text },
      card: raw(await detailCard(ctx.db, after, ctx.now, text)),
    }
  },
})

function reviewAction(name: 'ledger-approve' | 'ledger-reject') {
  const approve = name === 'ledger-approve'
  return defineAction({
    name,
    schema: reviewValue,
    action: 'rectification.manage',
    async run(ctx, value: z.infer<typeof reviewValue>) {
      const item = await requireItem(ctx.db, value.code, ctx.now)
      const reason = formText(ctx, 'reason')
      const note = approve ? `同意销号${reason ? `：${reason}` : ''}` : reason || '退回，请继续整改'
      const done = await decideItem(act(ctx), item, value.h, approve, note)
      const after = await requireItem(ctx.db, value.code, ctx.now)
      const text = done
        ? `${item.code} ${approve ? '已同意销号' : '已退回'}`
        : `${item.code} 的这次申请已经处理过了`
      return {
        toast: { type: done ? 'success' : 'info', content: text },
        card: raw(await detailCard(ctx.db, after, ctx.now, text)),
      }
    },
  })
}

export const approveAction = reviewAction('ledger-approve')
export const rejectAction = reviewAction('ledger-reject')
