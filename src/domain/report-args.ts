import type { Catalog, Indicator } from './catalog'
import { squeezeSpaces, toHalfWidth } from './normalize'
import { parseAmount } from './numerals'
import { parsePeriodWord } from './week'

// The grammar of /上报:  [上周] <指标> <数量> [<指标> <数量> …] [备注：…]  or  [上周] 无 [备注：…]
// Whole or nothing: one bad pair rejects the message, so nothing is half-recorded.

export type ReportItem = { indicator: Indicator; amount: number }
/** `nothing`: the unit had nothing to report that week (/上报 无); `items` is then empty. */
export type ReportArgs = {
  ok: true
  lastWeek: boolean
  items: ReportItem[]
  note: string | null
  nothing: boolean
}
export type ReportArgsResult = ReportArgs | { ok: false; error: string }

export const NOTE_MAX_CHARS = 200
const EXAMPLE = '/上报 学习 3'
const ONLY_WEEKS = '只能上报本周或上周的数，例：/上报 上周 学习 3'
const fail = (error: string) => ({ ok: false as const, error })

/**
 * The entry a 无 report stores: it makes the unit's week reported (a week_totals row) and adds
 * no figure. Not a snake_case key, so no indicator of the catalog can ever be named so.
 */
export const NOTHING = '无'
/** How cards name a 无 report's week. */
export const NOTHING_TEXT = '无新增'
/** What a liaison may type for "nothing this week" (本周无 and 上周无 are split by takeWeek). */
const NOTHING_WORDS = ['无', '没有', '无新增', '本周无新增']

export function parseReportArgs(args: string[], cat: Catalog): ReportArgsResult {
  const { body, note } = splitNote(squeezeSpaces(args.join(' ')))
  if (note !== null && [...note].length > NOTE_MAX_CHARS) {
    return fail(`备注太长了，最多 ${NOTE_MAX_CHARS} 个字`)
  }
  // Liaisons often separate pairs with commas or write 学习：3 or 学习=3; all of it is spacing.
  const tokens = body.split(/[\s,;:、=]+/).filter(Boolean)
  const week = takeWeek(tokens)
  if (typeof week === 'string') return fail(week)
  const misplaced = tokens.find((t) => parsePeriodWord(t) !== null)
  if (misplaced) {
    const isWeek = ['上周', '本周'].includes(parsePeriodWord(misplaced)!)
    return fail(isWeek ? `「${misplaced}」要写在最前面，例：/上报 上周 学习 3` : ONLY_WEEKS)
  }
  if (tokens.some((t) => NOTHING_WORDS.includes(t))) {
    if (tokens.length > 1) {
      return fail(
        '「无」表示这一周没有可报的数，不能和指标写在一起；有数就只写指标和数量，例：/上报 学习 3',
      )
    }
    return { ok: true, lastWeek: week.lastWeek, items: [], note, nothing: true }
  }
  const pairs = tokens.flatMap((t) => expandToken(t, cat))
  if (pairs.length === 0)
    return fail('请写上指标和数量，例：/上报 学习 3 党课 1；没有可报的数发 /上报 无')
  const items = readItems(pairs, cat)
  if (typeof items === 'string') return fail(items)
  return { ok: true, lastWeek: week.lastWeek, items, note, nothing: false }
}

// The note runs to the end of the message, so it may hold spaces and commas; it is kept as
// typed (its ，and （） included), while the figures before it are read half-width.
function splitNote(typed: string): { body: string; note: string | null } {
  const at = typed.indexOf('备注')
  const body = toHalfWidth(at === -1 ? typed : typed.slice(0, at))
  if (at === -1) return { body, note: null }
  const note = typed.slice(at + '备注'.length).replace(/^[\s:：]+/, '')
  return { body, note: note === '' ? null : note }
}

// Removes a leading 上周/本周 (also glued: 上周学习3) from `tokens`.
function takeWeek(tokens: string[]): { lastWeek: boolean } | string {
  const first = tokens[0] ?? ''
  const glued = ['上周', '本周'].find((w) => first.startsWith(w) && first !== w)
  if (glued) tokens.splice(0, 1, glued, first.slice(glued.length))
  const word = parsePeriodWord(tokens[0] ?? '')
  if (word === null) return { lastWeek: false }
  if (word !== '上周' && word !== '本周') return ONLY_WEEKS
  tokens.shift()
  return { lastWeek: word === '上周' }
}

// Splits 学习3 / 学习三 / 学习3党课1 / 学习3次 into words and amounts. The
// longest known prefix wins, so names holding numerals (第一议题) stay whole.
function expandToken(token: string, cat: Catalog): string[] {
  if (cat.resolve(token) || parseAmount(token) !== null) return [token]
  const chars = [...token]
  for (let i = chars.length - 1; i > 0; i--) {
    const word = chars.slice(0, i).join('')
    const indicator = cat.resolve(word)
    if (!indicator) continue
    const rest = chars.slice(i).join('')
    const split = splitAmount(rest, indicator)
    if (split)
      return [word, split.amount, ...(split.remainder ? expandToken(split.remainder, cat) : [])]
    // 学习-1, 学习3.5: a known word followed by a bad number is a bad amount, not an unknown word.
    if (/^[-+.\d]/.test(rest)) return [word, rest]
  }
  // An unknown word glued to digits (四下3) still gets suggestions for the word alone.
  const unknown = /^([^-+.\d]+)(\d+)$/.exec(token)
  return unknown ? [unknown[1]!, unknown[2]!] : [token]
}

function splitAmount(rest: string, indicator: Indicator) {
  const chars = [...rest]
  for (let n = chars.length; n > 0; n--) {
    let amount = chars.slice(0, n).join('')
    if (parseAmount(amount) === null) continue
    let remainder = chars.slice(n).join('')
    if (remainder.startsWith('.')) return null
    if (remainder.startsWith(indicator.measure)) {
      amount += indicator.measure
      remainder = remainder.slice(indicator.measure.length)
    }
    return { amount, remainder }
  }
  return null
}

function readItems(tokens: string[], cat: Catalog): ReportItem[] | string {
  const items: ReportItem[] = []
  const typed = new Map<string, string>()
  for (let i = 0; i < tokens.length;) {
    const word = tokens[i]!
    const amountText = tokens[i + 1]
    const indicator = cat.resolve(word)
    if (!indicator) return unknownWord(word, amountText, cat)
    const refused = notReported(indicator)
    if (refused) return refused
    if (amountText === undefined || cat.resolve(amountText)) {
      return `「${word}」后面缺少数量，例：/上报 ${word} 3`
    }
    const amount = amountFor(amountText, indicator)
    if (amount === 0) {
      return `「${word}」的数量不能是 0：没有的项不用写；整周都没有可报的数，发 /上报 无（上周的发 /上报 上周 无）`
    }
    if (amount === null || amount < 0) {
      return `「${word}」的数量「${amountText}」不对：数量必须是大于 0 的整数，例：/上报 ${word} 3`
    }
    const max = cat.maxFor(indicator)
    if (amount > max) return `「${word}」的数量 ${amount} 超过上限 ${max}，请核对后重报`
    const earlier = typed.get(indicator.key)
    if (earlier !== undefined) return duplicate(earlier, word)
    typed.set(indicator.key, word)
    items.push({ indicator, amount })
    i += 2
    // 学习 3 次: the measure word on its own after the number.
    if (tokens[i] === indicator.measure && !cat.resolve(tokens[i]!)) i++
  }
  return items
}

/**
 * Why a unit may not report this indicator, or null if it may: the office's own figures and
 * the ledger's counts have one source each, and a unit's number would silently count nowhere.
 */
function notReported(indicator: Indicator): string | null {
  const name = `「${indicator.name}」`
  if (indicator.kind === 'office') return `${name}由主题教育办用 /填报 填写，单位不用上报`
  if (indicator.kind === 'ledger') {
    return `${name}按整改台账统计，由主题教育办用 /整改 新增 登记，单位不用上报`
  }
  return null
}

// 学习 3次 and 送学 5人次: the indicator's own measure word may follow the number.
function amountFor(text: string, indicator: Indicator): number | null {
  const direct = parseAmount(text)
  if (direct !== null) return direct
  const { measure } = indicator
  return text.endsWith(measure) ? parseAmount(text.slice(0, -measure.length)) : null
}

function duplicate(earlier: string, word: string): string {
  return earlier === word
    ? `「${word}」出现了两次，请合并为一个数量`
    : `「${earlier}」和「${word}」是同一个指标，请合并为一个数量`
}

function unknownWord(word: string, next: string | undefined, cat: Catalog): string {
  if (parseAmount(word) !== null) return `数量「${word}」前面缺少指标，例：${EXAMPLE}`
  // Only what a unit can report: suggesting 巡回督导 would lead straight to a refusal.
  const suggestions = cat.closest(word).filter((ind) => !notReported(ind))
  const first = suggestions[0]
  if (!first) return `没有找到指标「${word}」。发送 /指标 查看全部指标，例：${EXAMPLE}`
  const amount = next !== undefined && (parseAmount(next) ?? 0) > 0 ? next : '1'
  const names = joinOr(suggestions.map((s) => `「${s.name}」`))
  return `没有找到指标「${word}」。你是不是要上报${names}？例：/上报 ${first.name} ${amount}`
}

const joinOr = (parts: string[]) =>
  parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join('、')}或${parts.at(-1)}`
