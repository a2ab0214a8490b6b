import { z } from 'zod'
import { button, card, esc, hr, md, mention } from './card'
import { when } from './format'

export type Liaison = { openId: string; name: string }
export type MissingUnit = { id: number; name: string; liaisons: Liaison[] }

/** The 一键催报 button's value; the week is the one the /未报 card showed. */
export const nudgeValue = z.object({
  a: z.literal('nudge'),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
})

export type MissingVars = {
  week: string
  weekLabel: string
  missing: MissingUnit[]
  activeUnits: number
  /** When the liaisons were last reminded about this week today, if they were. */
  nudgedAt?: Date
}

const liaisonNames = (u: MissingUnit) =>
  u.liaisons.length > 0
    ? u.liaisons.map((l) => esc(l.name || l.openId)).join('、')
    : "<font color='grey'>未绑定联络员</font>"

/** /未报: which units have not reported, who their liaisons are, and a 一键催报 button. */
export function missingCard(vars: MissingVars) {
  const { missing } = vars
  if (missing.length === 0) {
    return card({
      title: '全部单位都已上报',
      subtitle: vars.weekLabel,
      colour: 'green',
      elements: [md(`${vars.activeUnits} 个单位都已上报，无需催报。`)],
    })
  }
  const lines = missing.map((u, i) => `${i + 1}. **${esc(u.name)}** · 联络员：${liaisonNames(u)}`)
  return card({
    title: `未上报单位 ${missing.length} / ${vars.activeUnits}`,
    subtitle: vars.weekLabel,
    colour: 'orange',
    elements: [
      md(lines.join('\n')),
      hr(),
      vars.nudgedAt
        ? md(`✅ 已催报 · ${when(vars.nudgedAt)}`)
        : button({
            text: '一键催报',
            type: 'primary',
            value: { a: 'nudge', week: vars.week } satisfies z.infer<typeof nudgeValue>,
            confirm: { title: '一键催报', text: '在联络员群里 @ 未上报单位的联络员，确定吗？' },
          }),
    ],
  })
}

const OPEN_ID = /^ou_[\w-]+$/

/**
 * The reminder posted in the liaisons' group: @mentions only the missing units' liaisons. Its
 * example carries the @ of the bot, without which Lark does not deliver a group message.
 */
export function remindCard(vars: { weekLabel: string; missing: MissingUnit[]; botName: string }) {
  const lines = vars.missing.map((u) => {
    const ats = u.liaisons.filter((l) => OPEN_ID.test(l.openId)).map((l) => mention(l.openId))
    return `- **${esc(u.name)}** ${ats.length > 0 ? ats.join(' ') : '（未绑定联络员）'}`
  })
  return card({
    title: '上报提醒',
    subtitle: vars.weekLabel,
    colour: 'orange',
    elements: [
      md(`以下单位还没有上报${vars.weekLabel}的数据：\n${lines.join('\n')}`),
      hr(),
      md(`请尽快在本群上报，例：**@${esc(vars.botName)} /上报 学习 3 党课 1**`),
    ],
  })
}
