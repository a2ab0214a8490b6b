import { PeriodKeyError } from '../errors'
import { normalizeText } from './normalize'

// Shanghai has had no DST since 1991, so a fixed +8 h shift is exact and keeps
// the result independent of the server's TZ (Workers run in UTC, laptops don't).
// Wall-clock fields are always read with UTC getters from a shifted instant.
const OFFSET_MS = 8 * 3_600_000
const DAY_MS = 86_400_000
const WEEK_MS = 7 * DAY_MS

export type Clock = () => Date
export const systemClock: Clock = () => new Date()

/**
 * A clock that reads `start` now and then advances as `clock` does: a job run's clock, so a
 * cron tick stamps and compares everything at its scheduled time, never beside it.
 */
export function clockFrom(start: Date, clock: Clock): Clock {
  const offset = start.getTime() - clock().getTime()
  return () => new Date(clock().getTime() + offset)
}

type LocalDate = { y: number; m: number; d: number; dow: number; hh: number; mi: number }

function local(date: Date): LocalDate {
  const s = new Date(date.getTime() + OFFSET_MS)
  return {
    y: s.getUTCFullYear(),
    m: s.getUTCMonth() + 1,
    d: s.getUTCDate(),
    dow: (s.getUTCDay() + 6) % 7, // Monday = 0
    hh: s.getUTCHours(),
    mi: s.getUTCMinutes(),
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

// Date.UTC normalises overflowing months and days, which the range helpers rely on.
const shanghaiMidnight = (y: number, m: number, d: number) =>
  new Date(Date.UTC(y, m - 1, d) - OFFSET_MS)

export function shanghaiDate(date: Date): string {
  const { y, m, d } = local(date)
  return `${y}-${pad(m)}-${pad(d)}`
}

export function formatShanghai(date: Date): string {
  const { hh, mi } = local(date)
  return `${shanghaiDate(date)} ${pad(hh)}:${pad(mi)}`
}

// ISO 8601: the week belongs to the year of its Thursday.
export function weekKey(date: Date): string {
  const { y, m, d, dow } = local(date)
  const thursday = new Date(Date.UTC(y, m - 1, d - dow + 3))
  const year = thursday.getUTCFullYear()
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1
  return `${year}-W${pad(week)}`
}

// Civil-date midnight (as UTC ms) of the Monday of ISO week 1: the week holding 4 January.
function firstMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4)
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS
}

const weeksIn = (year: number) => (firstMonday(year + 1) - firstMonday(year)) / WEEK_MS

export function parseWeekKey(s: string): string | null {
  const match = /^(\d{4})-?w(\d{1,2})$/i.exec(normalizeText(s))
  if (!match) return null
  const year = Number(match[1])
  const week = Number(match[2])
  if (week < 1 || week > weeksIn(year)) return null
  return `${year}-W${pad(week)}`
}

export function weekRange(key: string): { start: Date; end: Date } {
  const canonical = parseWeekKey(key)
  if (!canonical) throw new PeriodKeyError(`malformed week key: ${JSON.stringify(key)}`)
  const [year, week] = canonical.split('-W').map(Number) as [number, number]
  const start = firstMonday(year) + (week - 1) * WEEK_MS - OFFSET_MS
  return { start: new Date(start), end: new Date(start + WEEK_MS) }
}

export function addWeeks(key: string, n: number): string {
  return weekKey(new Date(weekRange(key).start.getTime() + n * WEEK_MS))
}

export function monthKey(date: Date): string {
  const { y, m } = local(date)
  return `${y}-${pad(m)}`
}

export function parseMonthKey(s: string): string | null {
  const match = /^(\d{4})-(\d{1,2})$/.exec(normalizeText(s))
  if (!match) return null
  const month = Number(match[2])
  return month >= 1 && month <= 12 ? `${match[1]}-${pad(month)}` : null
}

export function monthRange(key: string): { start: Date; end: Date } {
  const canonical = parseMonthKey(key)
  if (!canonical) throw new PeriodKeyError(`malformed month key: ${JSON.stringify(key)}`)
  const [year, month] = canonical.split('-').map(Number) as [number, number]
  return { start: shanghaiMidnight(year, month, 1), end: shanghaiMidnight(year, month + 1, 1) }
}

export function addMonths(key: string, n: number): string {
  const { y, m } = local(monthRange(key).start)
  return monthKey(shanghaiMidnight(y, m + n, 1))
}

export type PeriodWord = '本周' | '上周' | '本月' | '上月' | '累计'

// People read periods as dates, never as ISO week codes: the key is for storage and input.
export type Period = {
  kind: 'week' | 'month' | 'all'
  key: string
  /** How a card names it: 本周（11月23日—11月29日）, or the dates alone for an older week. */
  label: string
  /** What it covers, as a document's title says it: 11月23日—11月29日, 2026年11月, 截至11月27日. */
  dates: string
  start: Date | null
  end: Date | null
}

const monthDay = (date: Date) => {
  const { m, d } = local(date)
  return `${m}月${d}日`
}

/** A week's Monday to Sunday: 11月23日—11月29日. */
export function weekDates(key: string): string {
  const { start, end } = weekRange(key)
  return `${monthDay(start)}—${monthDay(new Date(end.getTime() - DAY_MS))}`
}

function weekPeriod(word: PeriodWord, key: string): Period {
  const dates = weekDates(key)
  return { kind: 'week', key, label: `${word}（${dates}）`, dates, ...weekRange(key) }
}

function monthPeriod(word: PeriodWord, key: string): Period {
  const { start, end } = monthRange(key)
  const { y, m } = local(start)
  const dates = `${y}年${m}月`
  return { kind: 'month', key, label: `${word}（${dates}）`, dates, start, end }
}

export function periodFor(word: PeriodWord, now: Date): Period {
  switch (word) {
    case '本周':
      return weekPeriod(word, weekKey(now))
    case '上周':
      return weekPeriod(word, addWeeks(weekKey(now), -1))
    case '本月':
      return monthPeriod(word, monthKey(now))
    case '上月':
      return monthPeriod(word, addMonths(monthKey(now), -1))
    case '累计': {
      const dates = `截至${monthDay(now)}`
      return { kind: 'all', key: 'all', label: `累计（${dates}）`, dates, start: null, end: null }
    }
  }
}

/** The last day of a week that has come: its Sunday, or today while the week runs. */
export function weekAsOf(key: string, now: Date): Date {
  return new Date(Math.min(weekRange(key).end.getTime() - DAY_MS, now.getTime()))
}

/**
 * All time up to the end of a week: a past week's digest counts what stood then, not what
 * was reported since. The week still running is counted up to now, and says today's date,
 * never its Sunday still to come.
 */
export function cumulativeThrough(key: string, now: Date): Period {
  const { end } = weekRange(key)
  const dates = `截至${monthDay(weekAsOf(key, now))}`
  return { kind: 'all', key: 'all', label: `累计（${dates}）`, dates, start: null, end }
}

/**
 * The week a leader's view means when none is named — /周报, /未报, /统计 and the digest
 * alike, on any day: the last whole week, Monday to Sunday. On Monday and Tuesday, before the
 * weekly meeting, that is the week the meeting discusses; later in the week it is still the
 * last one whose figures are complete.
 */
export const digestWeek = (now: Date) => addWeeks(weekKey(now), -1)

// What people actually type for each period, besides the canonical word.
const PERIOD_SYNONYMS: Array<[PeriodWord, string[]]> = [
  ['本周', ['这周', '本星期', '这星期', '这个星期']],
  ['上周', ['上星期', '上个星期']],
  ['本月', ['这个月', '这月']],
  ['上月', ['上个月']],
  ['累计', ['全部', '截至目前', '截止目前', '至今']],
]

export function parsePeriodWord(s: string): PeriodWord | null {
  const word = normalizeText(s)
  const hit = PERIOD_SYNONYMS.find(
    ([canonical, others]) => canonical === word || others.includes(word),
  )
  return hit ? hit[0] : null
}
