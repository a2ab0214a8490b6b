import { normalizeText } from './normalize'

// Calendar dates as people type them in chat, and as `YYYY-MM-DD` strings everywhere else:
// a deadline is a Shanghai calendar day, so plain strings compare and sort correctly.

export type ParsedDate = { ok: true; date: string } | { ok: false; error: string }

const DAY_MS = 86_400_000
const pad = (n: number) => String(n).padStart(2, '0')

const WITH_YEAR = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?$/
const WITHOUT_YEAR = /^(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?$/
// A date picker answers `2026-12-31 +0800`; the zone is the user's, the day is what they chose.
const PICKER_ZONE = /\s+[+-]\d{4}$/

function valid(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d))
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null
  return `${y}-${pad(m)}-${pad(d)}`
}

/**
 * `2026-12-31`, `2026/12/31`, `2026年12月31日`, `12月31日`, `12-31`, `12/31`.
 * Without a year the date is the next such day on or after `today` (in December, `1月15日`
 * is next January): a deadline is set forward. With a year it is taken as written, even if
 * past, so the office can enter items found earlier.
 */
export function parseChineseDate(text: string, today: string): ParsedDate {
  const typed = normalizeText(text).replace(PICKER_ZONE, '')
  const full = WITH_YEAR.exec(typed)
  if (full) {
    const date = valid(Number(full[1]), Number(full[2]), Number(full[3]))
    return date ? { ok: true, date } : { ok: false, error: `没有「${text}」这一天。` }
  }
  const short = WITHOUT_YEAR.exec(typed)
  if (!short) return { ok: false, error: `看不懂日期「${text}」。` }
  const [m, d] = [Number(short[1]), Number(short[2])]
  const year = Number(today.slice(0, 4))
  const thisYear = valid(year, m, d)
  if (thisYear && thisYear >= today) return { ok: true, date: thisYear }
  const next = valid(year + 1, m, d)
  return next ? { ok: true, date: next } : { ok: false, error: `没有「${text}」这一天。` }
}

const utc = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10))

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS)
}

export function addDays(date: string, n: number): string {
  const t = new Date(utc(date) + n * DAY_MS)
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** `2026-12-31` → `2026年12月31日`. */
export function dateLabel(date: string): string {
  return `${+date.slice(0, 4)}年${+date.slice(5, 7)}月${+date.slice(8, 10)}日`
}
