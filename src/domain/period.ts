import {
  addWeeks,
  parsePeriodWord,
  periodFor,
  shanghaiDate,
  weekDates,
  weekKey,
  weekRange,
  type Period,
} from './week'

const THURSDAY_OFFSET_MS = 3 * 24 * 3600_000

/**
 * The week keys a period covers; null means all time. Entries belong to weeks, so a month
 * is the weeks whose Thursday falls in it (the ISO rule): a week is never split or counted
 * in two months.
 */
export function weeksOf(period: Period): string[] | null {
  if (period.kind === 'all' || !period.start || !period.end) return null
  if (period.kind === 'week') return [period.key]
  const weeks: string[] = []
  for (let key = weekKey(period.start); ; key = addWeeks(key, 1)) {
    const thursday = weekRange(key).start.getTime() + THURSDAY_OFFSET_MS
    if (thursday >= period.end.getTime()) break
    if (thursday >= period.start.getTime()) weeks.push(key)
  }
  return weeks
}

/** How a card names a week: 本周/上周 with its dates, or the dates alone for older weeks. */
export function weekLabel(key: string, now: Date): string {
  const current = weekKey(now)
  if (key === current) return periodFor('本周', now).label
  if (key === addWeeks(current, -1)) return periodFor('上周', now).label
  return weekDates(key)
}

/** A week by its key, labelled as the cards label it. */
export function namedWeek(key: string, now: Date): Period {
  return { kind: 'week', key, label: weekLabel(key, now), dates: weekDates(key), ...weekRange(key) }
}

/** A period in a file name: its dates, with the year a week's dates leave out. */
export function periodStamp(period: Period): string {
  if (period.kind !== 'week' || !period.start) return period.dates
  return `${shanghaiDate(period.start).slice(0, 4)}年${period.dates}`
}

/** Splits `[<单位>] [本周|上周|本月|累计]` in any order; the period defaults to this week. */
export function periodAndRest(
  args: string[],
  now: Date,
  fallback: Parameters<typeof periodFor>[0] = '本周',
) {
  let period: Period | undefined
  const rest: string[] = []
  for (const arg of args) {
    const word = parsePeriodWord(arg)
    if (word && !period) period = periodFor(word, now)
    else rest.push(arg)
  }
  return { period: period ?? periodFor(fallback, now), rest: rest.join(' ') }
}
