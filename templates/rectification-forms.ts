import { z } from 'zod'
import type { RectificationItem } from '../db/queries/rectifications'
import type { RectificationEvidence, Unit } from '../db/schema'
import { DEFAULT_SOURCE, SOURCES } from '../src/domain/rectification'
import { button, buttons, card, clip, esc, md, type Element } from './card'
import {
  evidenceMarkdown,
  groupList,
  itemMarkdown,
  listPlace,
  type GroupList,
} from './rectification-cards'
import { evidenceHint } from './rectification-notices'

// Form containers: https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/containers/form-container
// The submit button's callback carries `form_value`, keyed by each field's `name`.

/** `f` is the message that asked for the form: one form files at most one item. */
export const addSubmitValue = z.object({ a: z.literal('ledger-add'), f: z.string().min(1) })
/** `unit` is a unit id from the dropdown; `unit_name` what was typed when there is none. */
export const addFormFields = z.object({
  problem: z.string().optional(),
  unit: z.string().optional(),
  unit_name: z.string().optional(),
  deadline: z.string().optional(),
  leader: z.string().optional(),
  measures: z.string().optional(),
  source: z.string().optional(),
  /** 是, 否, or NOTIFY_BY_SOURCE. */
  notify: z.string().optional(),
})
/** The form's default for 通知联络员: as the item's source decides (notifiesByDefault). */
export const NOTIFY_BY_SOURCE = 'source'
/** `g`: the group's list the form was opened from, which its submission updates. */
export const extendSubmitValue = z.object({
  a: z.literal('ledger-extend'),
  code: z.string(),
  g: groupList.optional(),
})
export const extendFormFields = z.object({
  deadline: z.string().optional(),
  reason: z.string().optional(),
})
/** `l`: the list the 销号 button was on, shown again once the form is submitted. */
export const closeSubmitValue = z.object({
  a: z.literal('ledger-close-submit'),
  code: z.string(),
  l: listPlace.optional(),
  g: groupList.optional(),
})
export const closeFormFields = z.object({
  outcome: z.string().optional(),
  evidence: z.string().optional(),
})
/** `h` is the request's history row: a decision applies to that request only. */
export const reviewValue = z.object({
  a: z.enum(['ledger-approve', 'ledger-reject']),
  code: z.string(),
  h: z.number().int().positive(),
})

const text = (content: string) => ({ tag: 'plain_text', content })
const label = (content: string) => md(`**${content}**`)
const input = (name: string, placeholder: string, required = false): Element => ({
  tag: 'input',
  name,
  required,
  placeholder: text(placeholder),
})
const select = (name: string, placeholder: string, options: string[][], initial?: string) => ({
  tag: 'select_static',
  name,
  required: initial === undefined,
  placeholder: text(placeholder),
  options: options.map(([value, content]) => ({ text: text(content!), value })),
  ...(initial ? { initial_option: initial } : {}),
})
const datePicker = (name: string): Element => ({
  tag: 'date_picker',
  name,
  required: true,
  placeholder: text('选择日期'),
})
/** A form's submit button; two in one form need their own `name`s. */
const submit = (
  content: string,
  value: Record<string, unknown>,
  opts: {
    name?: string
    type?: 'primary' | 'danger'
    confirm?: { title: string; text: string }
  } = {},
): Element => ({
  ...button({ text: content, value, type: opts.type ?? 'primary', confirm: opts.confirm }),
  name: opts.name ?? 'submit',
  form_action_type: 'submit',
})
const form = (name: string, elements: Element[]): Element => ({ tag: 'form', name, elements })

/**
 * Units a dropdown lists at most. Each option is an element to Lark, and a card holds 200
 * (templates/card-limits.ts); past this many, scrolling a dropdown is slower than typing.
 */
const UNIT_PICKER_MAX = 100

/** A dropdown of the units, or past UNIT_PICKER_MAX of them a field to type one into. */
function unitField(units: Unit[]): Element[] {
  if (units.length <= UNIT_PICKER_MAX) {
    const options = units.map((u) => [String(u.id), u.name])
    return [label('责任单位'), select('unit', '选择责任单位', options)]
  }
  return [
    label(`责任单位（共 ${units.length} 个，写名称或简称）`),
    input('unit_name', `例：${clip(units[0]!.name, 20)}`, true),
  ]
}

export function rectificationAddFormCard(units: Unit[], formId: string) {
  return card({
    title: '新增整改事项',
    elements: [
      form('ledger_add', [
        label('问题'),
        input('problem', '查摆出的问题', true),
        ...unitField(units),
        label('整改时限'),
        datePicker('deadline'),
        label('牵头领导'),
        input('leader', '姓名', true),
        label('整改措施'),
        input('measures', '可不填'),
        label('问题来源'),
        select(
          'source',
          '选择来源',
          SOURCES.map((s) => [s, s]),
          DEFAULT_SOURCE,
        ),
        label('通知责任单位联络员'),
        select(
          'notify',
          '是否通知',
          [
            [NOTIFY_BY_SOURCE, '按来源：巡视巡察、审计监督的不通知，其余通知'],
            ['是', '通知'],
            ['否', '不通知'],
          ],
          NOTIFY_BY_SOURCE,
        ),
        submit('挂账', { a: 'ledger-add', f: formId }),
      ]),
    ],
  })
}

export function rectificationExtendFormCard(
  item: RectificationItem,
  today: string,
  group?: GroupList,
) {
  return card({
    title: `延期 ${item.code}`,
    elements: [
      md(itemMarkdown(item, today, 200)),
      form('ledger_extend', [
        label('新的整改时限'),
        datePicker('deadline'),
        label('延期理由'),
        input('reason', '为什么要延期', true),
        submit('确认延期', { a: 'ledger-extend', code: item.code, ...(group ? { g: group } : {}) }),
      ]),
    ],
  })
}

/**
 * 销号 asks for 整改成效 first: a liaison's submission goes to the office for review, an
 * admin's strikes the item off.
 */
export function rectificationCloseFormCard(opts: {
  item: RectificationItem
  today: string
  admin: boolean
  place?: z.infer<typeof listPlace>
  group?: GroupList
  botName: string
}) {
  const { item } = opts
  return card({
    title: `销号 ${item.code}`,
    elements: [
      md(itemMarkdown(item, opts.today, 200)),
      form('ledger_close', [
        label('整改成效（必填）'),
        input('outcome', '问题整改到什么程度、取得了什么成效', true),
        label('佐证（可不填）'),
        input('evidence', '佐证材料的链接或说明；图片、文件另发，见下方'),
        md(`<font color='grey'>${esc(evidenceHint(item.code, opts.botName))}</font>`),
        submit(opts.admin ? '确认销号' : '提交销号申请', {
          a: 'ledger-close-submit',
          code: item.code,
          ...(opts.place ? { l: opts.place } : {}),
          ...(opts.group ? { g: opts.group } : {}),
        }),
      ]),
    ],
  })
}

/** What the office receives when a liaison asks to strike an item off. */
export function rectificationReviewCard(opts: {
  item: RectificationItem
  requestId: number
  note: string
  evidence: RectificationEvidence[]
  nameOf: (openId: string) => string
  today: string
}) {
  const { item, requestId } = opts
  return card({
    title: `销号审核 ${item.code}`,
    colour: 'orange',
    elements: [
      md(itemMarkdown(item, opts.today, 200)),
      md(`**${esc(item.unitName)}申请销号，整改成效**：${esc(clip(opts.note, 500))}`),
      md(evidenceMarkdown(opts.evidence, opts.nameOf)),
      form('ledger_review', [
        label('退回理由（退回时必填，会发给责任单位）'),
        input('reason', '例：佐证材料不全'),
        buttons(
          submit(
            '同意',
            { a: 'ledger-approve', code: item.code, h: requestId },
            {
              name: 'approve',
              confirm: { title: `同意 ${item.code} 销号`, text: '同意后该事项即销号。' },
            },
          ),
          submit(
            '退回',
            { a: 'ledger-reject', code: item.code, h: requestId },
            {
              name: 'reject',
              type: 'danger',
              confirm: {
                title: `退回 ${item.code} 的销号申请`,
                text: `退回后该事项回到整改中，退回理由私聊发给${item.unitName}的联络员。`,
              },
            },
          ),
        ),
      ]),
    ],
  })
}
