import { daysBetween } from './dates'
import { normalizeText } from './normalize'
import { shanghaiDate } from './week'

/** Where a problem came from, in the seed's words. */
export const SOURCES = [
  '调查研究',
  '推动发展',
  '群众反映',
  '巡视巡察',
  '审计监督',
  '专项整治',
  '督导',
] as const
export type Source = (typeof SOURCES)[number]
/** The source when none is given: most items come out of the campaign's own research. */
export const DEFAULT_SOURCE: Source = '调查研究'

/**
 * Findings of 巡视巡察 and 审计 are handled with the unit's leadership, not announced to its
 * liaisons, unless the office says otherwise when filing.
 */
const QUIET_SOURCES: readonly Source[] = ['巡视巡察', '审计监督']
export const notifiesByDefault = (source: Source) => !QUIET_SOURCES.includes(source)

/** 通知:是 / 通知:否 as typed in /整改 新增; null when it is neither. */
export function parseNotify(typed: string): boolean | null {
  const word = normalizeText(typed)
  if (['是', '通知', '要', '需要'].includes(word)) return true
  if (['否', '不', '不通知', '不要', '无需'].includes(word)) return false
  return null
}

export type Status = 'open' | 'pending' | 'closed'
export const STATUS_NAMES: Record<Status, string> = {
  open: '整改中',
  pending: '待审核',
  closed: '已销号',
}

export function parseSource(typed: string): Source | null {
  const word = normalizeText(typed)
  return SOURCES.find((s) => s === word || (word.length >= 2 && s.startsWith(word))) ?? null
}

/** The year whose numbering an item filed at `now` takes, and a bare number means: Shanghai's. */
export const shanghaiYear = (now: Date) => Number(shanghaiDate(now).slice(0, 4))

/** What a year's codes start with; the number follows, padded to three digits. */
export const codePrefix = (year: number) => `ZG-${year}-`

export const formatCode = (year: number, seq: number) =>
  `${codePrefix(year)}${String(seq).padStart(3, '0')}`

/** `ZG-2026-007`, `zg-2026-7`, `2026-7`, or `7` / `007` for this year's seventh item. */
export function parseCode(typed: string, thisYear: number): { year: number; seq: number } | null {
  const text = normalizeText(typed).toUpperCase().replace(/^#/, '')
  const full = /^(?:ZG-?)?(\d{4})-(\d{1,4})$/.exec(text)
  if (full) return { year: Number(full[1]), seq: Number(full[2]) }
  const short = /^(?:ZG-?)?(\d{1,4})$/.exec(text)
  return short && Number(short[1]) > 0 ? { year: thisYear, seq: Number(short[1]) } : null
}

/** Overdue is derived, never stored: not yet struck off and past its deadline. */
export function overdueDays(item: { status: Status; deadline: string }, today: string): number {
  if (item.status === 'closed') return 0
  return Math.max(0, daysBetween(item.deadline, today))
}
