import { normalizeText } from './normalize'
import {
  addWeeks,
  parsePeriodWord,
  parseWeekKey,
  shanghaiDate,
  weekDates,
  weekKey,
  weekRange,
} from './week'

// A week as people name it in /更正, /锁定 and /解锁: 本周/上周, the dates they see on cards
// (11月16日—11月22日, 11.16-11.22, one day of the week: 11月18日), or the ISO code the office's
// spreadsheets use (2026-W47, W47, 第47周). Cards never show the code; input keeps taking it.

export type WeekArg = { week: string | null; rest: string } | { error: string }

const DATE = String.raw`(?:(\d{4})\s*[-/.年]\s*)?(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?`
const DASH = String.raw`\s*(?:—+|–|-|~|至|到)\s*`
// The range's end may leave out the month (11月16日—22日) or the year.
const RANGE = new RegExp(`${DATE}${DASH}(?:${DATE}|(\\d{1,2})\\s*[日号])`)
// One day alone needs its year or 月: 3.5 is more likely a mistyped amount than 3 May.
const SINGLE = /(?:(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]|(\d{1,2})\s*月)\s*(\d{1,2})\s*[日号]?/
const ISO = /(\d{4})-?w(\d{1,2})|(?:^|\s)w(\d{1,2})(?=\s|$)|第(\d{1,2})周/i

/**
 * Finds one week in the words of a command and returns it with the words left over; `week` is
 * null when none was named.
 */
export function takeWeek(args: string[], now: Date): WeekArg {
  const text = normalizeText(args.join(' '))
  const iso = ISO.exec(text)
  if (iso) return isoWeek(iso, text, now)
  const range = RANGE.exec(text)
  if (range) return rangeWeek(range, text, now)
  const single = SINGLE.exec(text)
  if (single) {
    const day = dayOf([single[1], single[2] ?? single[3], single[4]], now)
    if (!day) return { error: `没有「${single[0]}」这一天。` }
    return { week: weekKey(day), rest: without(text, single) }
  }
  const words = text.split(' ')
  const at = words.findIndex((w) => ['本周', '上周'].includes(parsePeriodWord(w) ?? ''))
  if (at === -1) return { week: null, rest: text }
  const week = parsePeriodWord(words[at]!) === '本周' ? weekKey(now) : addWeeks(weekKey(now), -1)
  return { week, rest: words.filter((_, i) => i !== at).join(' ') }
}

function isoWeek(m: RegExpExecArray, text: string, now: Date): WeekArg {
  const year = m[1] ?? weekKey(now).slice(0, 4)
  const week = parseWeekKey(`${year}-W${m[2] ?? m[3] ?? m[4]}`)
  if (!week) return { error: `没有「${m[0].trim()}」这一周。` }
  return { week, rest: without(text, m) }
}

function rangeWeek(m: RegExpExecArray, text: string, now: Date): WeekArg {
  const start = dayOf(m.slice(1, 4), now)
  const endYear = m[4] ?? (start ? shanghaiDate(start).slice(0, 4) : undefined)
  const end = m[7] ? start && dayOf([endYear, m[2], m[7]], now) : dayOf([endYear, m[5], m[6]], now)
  if (!start || !end) return { error: `没有「${m[0]}」这几天。` }
  // Across a new year the end's year is one more than the start's.
  const sunday = end < start ? dayOf([String(Number(endYear) + 1), m[5], m[6]], now) : end
  const week = weekKey(start)
  if (!sunday || weekKey(sunday) !== week || weekRange(week).start.getTime() !== start.getTime()) {
    return { error: `「${m[0]}」不是一整周：一周从周一到周日，例：${weekDates(week)}。` }
  }
  return { week, rest: without(text, m) }
}

/**
 * Shanghai midnight of [year?, month, day], or null when there is no such day. Without a year,
 * the one nearest to now: 12月29日 typed in January is last December, 12月1日 typed on
 * 27 November is this year's, still to come.
 */
function dayOf([y, m, d]: Array<string | undefined>, now: Date): Date | null {
  const year = Number(y ?? shanghaiDate(now).slice(0, 4))
  const days = (y ? [year] : [year - 1, year, year + 1]).flatMap((candidate) => {
    const date = `${candidate}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`
    const at = new Date(`${date}T00:00:00+08:00`)
    return !Number.isNaN(at.getTime()) && shanghaiDate(at) === date ? [at] : []
  })
  const distance = (at: Date) => Math.abs(at.getTime() - now.getTime())
  return days.sort((a, b) => distance(a) - distance(b))[0] ?? null
}

const without = (text: string, m: RegExpExecArray) =>
  normalizeText(text.slice(0, m.index) + ' ' + text.slice(m.index + m[0].length))
