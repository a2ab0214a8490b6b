import { z } from 'zod'
import { button, buttons, card, esc, md, mention } from './card'
import { when } from './format'

/** 同意/拒绝 (`ok`) on a binding request: who (`p`) asks to join which unit (`u`). */
export const bindDecisionValue = z.object({
  a: z.literal('bind'),
  ok: z.boolean(),
  p: z.string().min(1),
  u: z.number().int().positive(),
})

export type BindRequestVars = {
  openId: string
  /** The name the request gave: the admin sees it beside Lark's own @ of the person. */
  name: string
  unitId: number
  unitName: string
  /** The unit's liaisons now, by name: an admin may want to ask them first. */
  liaisons: string[]
  /** The unit the person belongs to now, if any: approving moves them. */
  from: string | null
}

/** What each admin gets privately when someone asks to be a unit's liaison. */
export function bindRequestCard(vars: BindRequestVars) {
  const value = { a: 'bind', p: vars.openId, u: vars.unitId }
  return card({
    title: '联络员绑定申请',
    colour: 'orange',
    elements: [
      md(`${esc(vars.name)}（${mention(vars.openId)}）申请成为「${esc(vars.unitName)}」的联络员。`),
      ...(vars.from ? [md(`此人现属「${esc(vars.from)}」，同意后转到新单位。`)] : []),
      md(
        vars.liaisons.length > 0
          ? `<font color='orange'>该单位已有联络员：${esc(vars.liaisons.join('、'))}。同意后共同上报。</font>`
          : `<font color='grey'>该单位还没有联络员。</font>`,
      ),
      buttons(
        button({ text: '同意', type: 'primary', value: { ...value, ok: true } }),
        button({ text: '拒绝', type: 'danger', value: { ...value, ok: false } }),
      ),
    ],
  })
}

/** The request card once an admin decided: who decided what, when. */
export function bindDecidedCard(vars: {
  openId: string
  unitName: string
  approved: boolean
  by: string
  at: Date
}) {
  const verdict = vars.approved ? '已同意' : '已拒绝'
  return card({
    title: `联络员绑定申请 · ${verdict}`,
    colour: vars.approved ? 'green' : 'grey',
    elements: [
      md(`${mention(vars.openId)} 申请成为「${esc(vars.unitName)}」的联络员。`),
      md(`<font color='grey'>${verdict}：${mention(vars.by)} · ${when(vars.at)}</font>`),
    ],
  })
}

/** What the person who asked is told. */
export function bindOutcomeCard(vars: { unitName: string; approved: boolean }) {
  return vars.approved
    ? card({
        title: '已绑定单位',
        colour: 'green',
        elements: [
          md(`管理员已同意，你现在是「${esc(vars.unitName)}」的联络员。`),
          md('发送 /上报 取一张填写表，或直接发送，例：/上报 学习 3'),
        ],
      })
    : card({
        title: '绑定申请未通过',
        colour: 'grey',
        elements: [
          md(`管理员没有同意你成为「${esc(vars.unitName)}」的联络员。`),
          md('如有疑问请联系主题教育办；单位写错了可重新发送「/绑定 单位名称 你的姓名」。'),
        ],
      })
}
