import { z } from 'zod'
import type { Indicator } from '../src/domain/catalog'
import { button, card, esc, md, mention, type Card, type Element } from './card'

// A form container's submit button calls back with `form_value`, keyed by each field's name:
// https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/containers/form-container
// https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/interactive-components/input

/** `f` is the bare /上报 message that asked for the form: one form records at most one report. */
export const reportFormValue = z.object({
  a: z.literal('report-form'),
  f: z.string().min(1),
  u: z.number().int().positive(),
  /** The 无新增 button: the week had nothing to report. */
  none: z.literal(1).optional(),
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
  /** A submission sent back: what was typed, by field name, kept in its field. */
  typed?: Readonly<Record<string, string>>
  /** A submission sent back: what is wrong, by field name, shown under that field. */
  errors?: ReadonlyMap<string, string>
  /** A submission sent back: what is wrong with the form as a whole. */
  problem?: string
}

const text = (content: string) => ({ tag: 'plain_text', content })

type Typed = ReportFormVars['typed']

const amountInput = (name: string, label: string, placeholder: string, typed: Typed): Element => ({
  tag: 'input',
  name,
  label: text(label),
  label_position: 'left',
  placeholder: text(placeholder),
  max_length: 6,
  ...(typed?.[name] ? { default_value: typed[name] } : {}),
})

function offeredInput({ indicator, level }: ReportFormVars['offered'][number], typed: Typed) {
  const name = amountField(indicator.key)
  if (indicator.kind !== 'stock') {
    return amountInput(name, `${indicator.name}（${indicator.measure}）`, '数量', typed)
  }
  // A stock's figure is what the unit has now, not the week's new ones: the field says so and
  // shows the level standing, to keep (leave empty) or replace with the new total.
  const label = `${indicator.name}（现有总数，${indicator.measure}）`
  const hint = level === undefined ? '填现有总数' : `现有 ${level}，变了填新的总数`
  return amountInput(name, label, hint, typed)
}

const select = (name: string, placeholder: string, options: string[][], initial?: string) => ({
  tag: 'select_static',
  name,
  placeholder: text(placeholder),
  options: options.map(([value, content]) => ({ text: text(content!), value })),
  ...(initial ? { initial_option: initial } : {}),
})

const red = (message: string) => md(`<font color='red'>${esc(message)}</font>`)

/** A field, and under it what is wrong with what was typed there. */
const withError = (field: Element, errors: ReportFormVars['errors']) => {
  const error = errors?.get(String(field.name))
  return error ? [field, red(error)] : [field]
}

const submit = (label: string, value: z.infer<typeof reportFormValue>, name: string) => ({
  ...button({ text: label, type: label === '提交' ? 'primary' : 'default', value }),
  name,
  form_action_type: 'submit',
})

/**
 * The answer to a bare /上报: a field per usual indicator, the rest behind a dropdown, and a
 * 无新增 button for a week with nothing to report. Sent back after a submission with mistakes,
 * it keeps what was typed and says under each field what is wrong there.
 */
export function reportFormCard(vars: ReportFormVars) {
  const { weekDates, typed, errors } = vars
  const value = { a: 'report-form' as const, f: vars.formId, u: vars.unitId }
  const wrong = (errors?.size ?? 0) > 0 || vars.problem
  return card({
    title: '填写本单位统计数',
    subtitle: vars.unitName,
    colour: wrong ? 'orange' : 'blue',
    elements: [
      wrong
        ? red(
            `${vars.problem ?? `有 ${errors!.size} 处要改，见各项下面的红字`}。这次什么都没有记录，改好后再点提交。`,
          )
        : md(
            '只填有数的项，空着或填 0 的不记录。提交后整张表要么全部记录，要么都不记录。这一周没有可报的数，点「无新增」。',
          ),
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
            typed?.week ?? 'this',
          ),
          ...vars.offered.flatMap((o) => withError(offeredInput(o, typed), errors)),
          ...(vars.others.length > 0
            ? [
                ...withError(
                  select(
                    'extra',
                    '其他指标（可选）',
                    vars.others.map((i) => [i.key, `${i.name}（${i.measure}）`]),
                    typed?.extra,
                  ),
                  errors,
                ),
                ...withError(amountInput('extra_n', '其他指标数量', '数量', typed), errors),
              ]
            : []),
          ...withError(
            {
              tag: 'input',
              name: 'note',
              label: text('备注'),
              placeholder: text('可不填'),
              ...(typed?.note ? { default_value: typed.note } : {}),
            },
            errors,
          ),
          submit('提交', value, 'submit'),
          submit('无新增', { ...value, none: 1 }, 'none'),
        ],
      },
      md(
        "<font color='grey'>也可以直接发送，例：/上报 学习 3 党课 1；没有可报的发 /上报 无</font>",
      ),
    ],
  })
}

/**
 * What the group reads when a liaison asks for the form there: one line, no header; the form
 * itself went to them privately.
 */
export function formSentCard(openId: string): Card {
  return {
    schema: '2.0',
    config: { update_multi: true },
    body: {
      elements: [
        md(
          `${mention(openId)} 填写表已私聊发给你，请到与机器人的私聊里填写提交。<font color='grey'>没收到？私聊机器人发 /上报</font>`,
        ),
      ],
    },
  }
}
