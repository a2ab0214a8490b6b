import { PACE_TOLERANCE, type Pace, type Paced } from '../src/domain/targets'
import { card, esc, hr, md, type Element } from './card'

const BAR = 10
/** Units listed by name on /目标 before the rest are counted: the card stays within Lark's limit. */
const UNIT_LINES = 60

/** ▰▰▰▰▰▱▱▱▱▱: a tenth per mark, full at 100% and beyond. */
const progressBar = (percent: number) => {
  const filled = Math.max(0, Math.min(BAR, Math.floor(percent / 10)))
  return '▰'.repeat(filled) + '▱'.repeat(BAR - filled)
}

const PACE_COLOURS: Record<Pace, string> = {
  落后: 'red',
  正常: 'grey',
  超前: 'green',
  已完成: 'green',
}

/** 落后 in red, 已完成 in green; nothing when the targets have no deadline to read them by. */
export const paceText = (c: Paced) =>
  c.pace ? ` <font color='${PACE_COLOURS[c.pace]}'>**${c.pace}**</font>` : ''

/** 集中学习 45 / 120次 ▰▰▰▱▱▱▱▱▱▱ 37% 落后 */
export function completionText(c: Paced): string {
  const { indicator: ind } = c
  return (
    `${ind.name} ${c.done.toLocaleString('zh-CN')} / ${c.target.toLocaleString('zh-CN')}${ind.measure}` +
    ` ${progressBar(c.percent)} **${c.percent}%**${paceText(c)}`
  )
}

/**
 * What completion is read against: 时间进度 60%, or, before the office sets a deadline, how
 * to set one. Every target shares the campaign's time, so it is said once.
 */
export function timeNote(items: Paced[]): string {
  const time = items[0]?.time
  return time === null || time === undefined
    ? '未设目标期限，无法判断快慢'
    : `时间进度 **${time}%**`
}

/** Targets as one markdown block for the cards that show figures (/统计, /进度); none if unset. */
export function completionBlock(items: Paced[], asOf: string): Element[] {
  if (items.length === 0) return []
  return [
    md(
      `**目标完成情况**（累计${asOf} · ${timeNote(items)}）\n${items.map(completionText).join('\n')}`,
    ),
  ]
}

export type UnitCompletions = { name: string; items: Paced[] }

/** What an admin just set: one target, or the deadline every target is read against. */
export type TargetChange =
  | {
      kind: 'target'
      scope: string
      name: string
      amount: number | null
      before: number | null
      measure: string
    }
  | { kind: 'deadline'; amount: string | null; before: string | null }

function changeText(change: TargetChange): string {
  if (change.kind === 'deadline') {
    const was = change.before === null ? '原先没有期限' : `原为 ${change.before}`
    const now = change.amount === null ? '已取消' : `设为 **${change.amount}**`
    return `目标期限：${now}（${was}）`
  }
  const was = change.before === null ? '原先没有目标' : `原为 ${change.before}${change.measure}`
  const now = change.amount === null ? '已取消' : `设为 **${change.amount}${change.measure}**`
  return `${esc(change.scope)} · ${change.name}：${now}（${was}）`
}

/** /目标: what was just set, the district's targets, then each unit's, the furthest behind first. */
export function targetsCard(vars: {
  change?: TargetChange
  district: Paced[]
  /** The deadline the targets are read against, as a date people read (2027年1月31日). */
  deadline: string | null
  units: UnitCompletions[]
  asOf: string
}) {
  const { change } = vars
  const elements: Element[] = change ? [md(changeText(change)), hr()] : []
  const all = [...vars.district, ...vars.units.flatMap((u) => u.items)]
  if (all.length > 0) {
    const by = vars.deadline ? `期限 ${vars.deadline} · ` : ''
    elements.push(md(`${by}${timeNote(all)}`))
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
      "<font color='grey'>完成率 = 累计数 ÷ 目标数；时间进度 = 从第一周上报到目标期限已过的天数比例，" +
        `完成率低于时间进度 ${PACE_TOLERANCE} 个百分点以上为落后。管理员设定：/目标 学习 2000（全区）、` +
        '/目标 区财政局 学习 50（单位）、/目标 学习 取消、/目标 期限 1月31日</font>',
    ),
  )
  return card({
    title: change ? '已更新目标' : '目标与完成情况',
    subtitle: vars.asOf,
    colour: change ? 'green' : 'blue',
    elements,
  })
}
