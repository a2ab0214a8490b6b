import { z } from 'zod'
import { button, buttons, card, esc, md } from './card'
import { when } from './format'

export type LockVars = {
  /** The week's dates as people type them (11月16日—11月22日). */
  through: string
  by: string
  at: Date
} | null

/** What is locked now, as /锁定 and /解锁 answer: every week up to `through`, or none. */
export function weekLockCard(v: { title: string; done?: string; lock: LockVars }) {
  const state = v.lock
    ? `目前锁定：**${v.lock.through}及以前各周**（${esc(v.lock.by)} 于 ${when(v.lock.at)} 锁定）。` +
      '联络员不能再撤销、更正或补报这些周的数；管理员仍可用 /更正 更正，会标明是锁定后的更正。'
    : '目前没有锁定的周，联络员可以撤销、更正和补报本周、上周的数。'
  const how = v.lock
    ? `要重新打开某一周及以后各周：/解锁 ${v.lock.through}`
    : '数报送上级后，锁定到那一周：/锁定 上周 或 /锁定 11月16日—11月22日'
  return card({
    title: v.title,
    colour: v.lock ? 'orange' : 'green',
    elements: [
      ...(v.done ? [md(esc(v.done))] : []),
      md(state),
      md(`<font color='grey'>${how}</font>`),
    ],
  })
}

/**
 * 确认锁定 carries the week and the lock it was asked against (`f`, '' for none): a click on a
 * card the lock has moved past since asks again rather than locking what nobody looked at.
 */
export const lockConfirmValue = z.object({
  a: z.literal('weeks-lock'),
  w: z.string().regex(/^\d{4}-W\d{2}$/),
  f: z.string(),
})
export const lockCancelValue = z.object({ a: z.literal('weeks-lock-cancel') })

/** One week the lock would cover, with the units that have not reported in it. */
export type WeekToLock = { dates: string; missing: string[] }

// Names listed per week; at 300 units a whole list would bury the buttons.
const MAX_NAMES = 20

function weekLine(w: WeekToLock): string {
  if (w.missing.length === 0) return `**${w.dates}**：各单位都已上报`
  const shown = w.missing.slice(0, MAX_NAMES).map(esc).join('、')
  const more = w.missing.length > MAX_NAMES ? ` 等` : ''
  return `**${w.dates}**：<font color='red'>${w.missing.length} 个单位未报</font>：${shown}${more}`
}

/** What /锁定 asks before it locks: who is still missing in the weeks it would close. */
export function lockConfirmCard(v: {
  through: string
  weeks: WeekToLock[]
  /** Earlier weeks it also covers that the card does not list, to stay readable. */
  unlisted: number
  value: z.infer<typeof lockConfirmValue>
}) {
  const missing = v.weeks.some((w) => w.missing.length > 0)
  const lines = [
    ...v.weeks.map(weekLine),
    ...(v.unlisted > 0 ? [`<font color='grey'>更早的 ${v.unlisted} 周未列出。</font>`] : []),
  ]
  const after = missing
    ? '锁定后，这些单位的联络员不能再补报、撤销或更正这些周的数，只能由管理员更正。'
    : '锁定后，联络员不能再补报、撤销或更正这些周的数，只能由管理员更正。'
  return card({
    title: `锁定到 ${v.through}？`,
    colour: missing ? 'orange' : 'blue',
    elements: [
      md(lines.join('\n')),
      md(after),
      buttons(
        button({ text: '确认锁定', type: 'danger', value: v.value }),
        button({ text: '取消', value: { a: 'weeks-lock-cancel' } }),
      ),
    ],
  })
}
