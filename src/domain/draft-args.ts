import { UsageError } from '../errors'
import { normalizeText } from './normalize'
import { namedWeek } from './period'
import { takeWeek } from './week-arg'
import { monthRange, parseMonthKey, parsePeriodWord, periodFor, weekKey, type Period } from './week'

// /报告 周报 [本周|上周|11月16日—11月22日] · /报告 月报 [本月|上月|2026-10] · /报告 累计
export const DRAFT_KINDS = ['周报', '月报', '累计'] as const
export type DraftKind = (typeof DRAFT_KINDS)[number]
export type DraftArgs = { kind: DraftKind; period: Period }

const EXAMPLES: Record<DraftKind, string> = {
  周报: '/报告 周报、/报告 周报 上周 或 /报告 周报 11月16日—11月22日',
  月报: '/报告 月报、/报告 月报 上月 或 /报告 月报 2026-10',
  累计: '/报告 累计',
}

export function parseDraftArgs(args: string[], now: Date): DraftArgs {
  const [first, ...rest] = args.map(normalizeText).filter(Boolean)
  const kind = DRAFT_KINDS.find((k) => k === first || (first && k === `${first}报`))
  if (!kind) {
    const what = first ? `看不懂「${first}」。` : ''
    throw new UsageError(`${what}请写报告种类：周报、月报或累计，例：/报告 累计`)
  }
  const period =
    kind === '周报' ? weekOf(rest, now) : rest.length <= 1 ? periodOf(kind, rest[0], now) : null
  if (!period) {
    throw new UsageError(`「${rest.join(' ')}」不是${kind}能用的时间，例：${EXAMPLES[kind]}`)
  }
  return { kind, period }
}

/** 本周 (the default), 上周, a week's dates as the cards show them, or its code (2026-W47). */
function weekOf(words: string[], now: Date): Period | null {
  const found = takeWeek(words, now)
  if ('error' in found) throw new UsageError(found.error, `例：${EXAMPLES.周报}`)
  if (found.rest) return null
  const week = found.week ?? weekKey(now)
  // A week that has not begun has nothing to report.
  return week <= weekKey(now) ? namedWeek(week, now) : null
}

function periodOf(kind: '月报' | '累计', word: string | undefined, now: Date): Period | null {
  const said = word === undefined ? null : parsePeriodWord(word)
  const allowed = { 月报: ['本月', '上月'], 累计: ['累计'] }[kind]
  if (word === undefined) return periodFor(allowed[0] as '本月' | '累计', now)
  if (said && allowed.includes(said)) return periodFor(said, now)
  const month = kind === '月报' ? parseMonthKey(word) : null
  return month ? namedMonth(month) : null
}

/** A month by its key (2026-10), labelled as people write it: 2026年10月. */
export function namedMonth(key: string): Period {
  const [y, m] = key.split('-').map(Number)
  const dates = `${y}年${m}月`
  return { kind: 'month', key, label: dates, dates, ...monthRange(key) }
}
