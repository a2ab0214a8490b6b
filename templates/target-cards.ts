import type { Completion } from '../src/domain/targets'
import { card, esc, hr, md, type Element } from './card'

const BAR = 10
/** Units listed by name on /目标 before the rest are counted: the card stays within Lark's limit. */
const UNIT_LINES = 60

/** ▰▰▰▰▰▱▱▱▱▱: a tenth per mark, full at 100% and beyond. */
const progressBar = (percent: number) => {
  const filled = Math.max(0, Math.min(BAR, Math.floor(percent / 10)))
  return '▰'.repeat(filled) + '▱'.repeat(BAR - filled)
}

/** 集中学习 1,234 / 2,000次 ▰▰▰▰▰▰▱▱▱▱ 61% */
export function completionText(c: Completion): string {
  const { indicator: ind } = c
  const colour = c.percent >= 100 ? 'green' : c.percent < 50 ? 'red' : 'orange'
  return (
    `${ind.name} ${c.done.toLocaleString('zh-CN')} / ${c.target.toLocaleString('zh-CN')}${ind.measure}` +
    ` ${progressBar(c.percent)} <font color='${colour}'>**${c.percent}%**</font>`
  )
}

/** Targets as one markdown block for the cards that show figures (/统计, /进度); none if unset. */
export function completionBlock(items: Completion[], asOf: string): Element[] {
  if (items.length === 0) return []
  return [md(`**目标完成情况**（累计${asOf} / 目标）\n${items.map(completionText).join('\n')}`)]
}

export type UnitCompletions = { name: string; items: Completion[] }

/** /目标: what was just set, the district's targets, then each unit's, the furthest behind first. */
export function targetsCard(vars: {
  change?: {
    scope: string
    name: string
    amount: number | null
    before: number | null
    measure: string
  }
  district: Completion[]
  units: UnitCompletions[]
  asOf: string
}) {
  const { change } = vars
  const elements: Element[] = []
  if (change) {
    const was = change.before === null ? '原先没有目标' : `原为 ${change.before}${change.measure}`
    const now = change.amount === null ? '已取消' : `设为 **${change.amount}${change.measure}**`
    elements.push(md(`${esc(change.scope)} · ${change.name}：${now}（${was}）`), hr())
  }
  elements.push(
    md(
      vars.district.length > 0
        ? `**全区**\n${vars.district.map(completionText).join('\n')}`
        : '**全区**：还没有设目标。',
    ),
  )
  const lines = vars.units
    .map((u) => ({ u, worst: Math.min(...u.items.map((c) => c.percent)) }))
    .sort((a, b) => a.worst - b.worst)
    .flatMap(({ u }) => u.items.map((c) => `${esc(u.name)} · ${completionText(c)}`))
  if (lines.length > 0) {
    const more = lines.length - UNIT_LINES
    const tail = more > 0 ? `\n另有 ${more} 项单位目标未列出（已按完成率从低到高排在前面）。` : ''
    elements.push(
      hr(),
      md(`**各单位**（完成率低的在前）\n${lines.slice(0, UNIT_LINES).join('\n')}${tail}`),
    )
  }
  elements.push(
    hr(),
    md(
      "<font color='grey'>完成率 = 累计数 ÷ 目标数。管理员设定：/目标 学习 2000（全区）、" +
        '/目标 区财政局 学习 50（单位）、/目标 学习 取消</font>',
    ),
  )
  return card({
    title: change ? '已更新目标' : '目标与完成情况',
    subtitle: vars.asOf,
    colour: change ? 'green' : 'blue',
    elements,
  })
}
