import { z } from 'zod'
import type { Indicator } from '../src/domain/catalog'
import { button, card, md, type Element } from './card'

// A form container's submit button calls back with `form_value`, keyed by each field's name:
// https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/containers/form-container
// https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/interactive-components/input

/** `f` is the bare /上报 message that asked for the form: one form records at most one report. */
export const reportFormValue = z.object({
  a: z.literal('report-form'),
  f: z.string().min(1),
  u: z.number().int().positive(),
})

/** Each offered indicator's amount is `n_<key>`; `extra` picks any other, `extra_n` its amount. */
export const reportFormFields = z
  .object({
    extra: z.string().optional(),
    extra_n: z.string().optional(),
    note: z.string().optional(),
    week: z.enum(['this', 'last']).optional(),
  })
  .catchall(z.unknown())

export const amountField = (key: string) => `n_${key}`

export type ReportFormVars = {
  formId: string
  unitId: number
  unitName: string
  weekDates: { this: string; last: string }
  /** The indicators offered with a field of their own, each stock with its latest level. */
  offered: Array<{ indicator: Indicator; level?: number }>
  /** Every other indicator a unit reports, for the dropdown. */
  others: Indicator[]
}

const text = (content: string) => ({ tag: 'plain_text', content })

const amountInput = (name: string, label: string, placeholder: string): Element => ({
  tag: 'input',
  name,
  label: text(label),
  label_position: 'left',
  placeholder: text(placeholder),
  max_length: 6,
})

function offeredInput({ indicator, level }: ReportFormVars['offered'][number]): Element {
  const label = `${indicator.name}（${indicator.measure}）`
  // A stock's figure is its level now: the field shows the one standing, to keep or change.
  const hint = level === undefined ? '数量' : `现有 ${level}，有变化再填`
  return amountInput(amountField(indicator.key), label, hint)
}

const select = (name: string, placeholder: string, options: string[][], initial?: string) => ({
  tag: 'select_static',
  name,
  placeholder: text(placeholder),
  options: options.map(([value, content]) => ({ text: text(content!), value })),
  ...(initial ? { initial_option: initial } : {}),
})

/** The answer to a bare /上报: a field per usual indicator, the rest behind a dropdown. */
export function reportFormCard(vars: ReportFormVars) {
  const { weekDates } = vars
  return card({
    title: '填写本单位统计数',
    subtitle: vars.unitName,
    elements: [
      md('只填有数的项，空着的不记录。提交后整张表要么全部记录，要么都不记录。'),
      {
        tag: 'form',
        name: 'report_form',
        elements: [
          select(
            'week',
            '哪一周',
            [
              ['this', `本周（${weekDates.this}）`],
              ['last', `上周（${weekDates.last}）`],
            ],
            'this',
          ),
          ...vars.offered.map(offeredInput),
          ...(vars.others.length > 0
            ? [
                select(
                  'extra',
                  '其他指标（可选）',
                  vars.others.map((i) => [i.key, `${i.name}（${i.measure}）`]),
                ),
                amountInput('extra_n', '其他指标数量', '数量'),
              ]
            : []),
          { tag: 'input', name: 'note', label: text('备注'), placeholder: text('可不填') },
          {
            ...button({
              text: '提交',
              type: 'primary',
              value: { a: 'report-form', f: vars.formId, u: vars.unitId },
            }),
            name: 'submit',
            form_action_type: 'submit',
          },
        ],
      },
      md("<font color='grey'>也可以直接发送，例：/上报 学习 3 党课 1</font>"),
    ],
  })
}
