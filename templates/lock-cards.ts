import { card, esc, md } from './card'
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
