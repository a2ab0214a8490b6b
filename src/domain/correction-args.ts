import type { Catalog, Indicator } from './catalog'
import { parseAmount } from './numerals'
import { takeWeek } from './week-arg'

// The grammar of /更正:  [<单位>] [<周>] <指标> <数量>, the week anywhere (学习 5 上周).
// One indicator per message: a correction names exactly the figure it replaces.

export type CorrectionArgs = {
  /** What was typed before the indicator, to look up as a unit; '' when nothing was. */
  unit: string
  /** null: this week. */
  week: string | null
  indicator: Indicator
  amount: number
}

export type CorrectionArgsResult = ({ ok: true } & CorrectionArgs) | { ok: false; error: string }

const EXAMPLE = '/更正 学习 5'
const fail = (error: string) => ({ ok: false as const, error })

export function parseCorrectionArgs(args: string[], cat: Catalog, now: Date): CorrectionArgsResult {
  const found = takeWeek(args, now)
  if ('error' in found) return fail(found.error)
  const words = found.rest.split(/[\s,;:、=]+/).filter(Boolean)
  const at = words.findIndex((w) => split(w, cat) !== null)
  if (at === -1) return fail(noIndicator(words, cat))
  const { indicator, amountText } = split(words[at]!, cat)!
  const elsewhere = notCorrected(indicator)
  if (elsewhere) return fail(elsewhere)
  const typed = amountText ?? words[at + 1]
  const trailing = words.slice(at + (amountText === undefined ? 2 : 1))
  if (typed === undefined) return fail(`「${words[at]}」后面缺少数量，例：/更正 ${words[at]} 5`)
  const amount = amountOf(typed, indicator)
  if (amount === 0) {
    return fail(
      `「${indicator.name}」不能更正为 0。要去掉报错的一整条，请用 /撤销 记录号（记录号见 /记录）`,
    )
  }
  if (amount === null || amount < 0) {
    return fail(
      `「${indicator.name}」的数量「${typed}」不对：数量必须是大于 0 的整数，例：/更正 ${indicator.name} 5`,
    )
  }
  if (amount > cat.maxFor(indicator)) {
    return fail(`「${indicator.name}」的数量 ${amount} 超过上限 ${cat.maxFor(indicator)}，请核对`)
  }
  // 学习 5 次: the measure word may stand on its own. The unit may also come last.
  const after = trailing.filter((w) => w !== indicator.measure)
  if (after.some((w) => split(w, cat))) return fail(`一次只能更正一个指标，例：${EXAMPLE}`)
  const unit = [...words.slice(0, at), ...after].join(' ')
  return { ok: true, unit, week: found.week, indicator, amount }
}

/** 学习, or 学习5 / 学习五次 glued: the longest known name in front wins (第一议题 stays whole). */
function split(word: string, cat: Catalog): { indicator: Indicator; amountText?: string } | null {
  const whole = cat.resolve(word)
  if (whole) return { indicator: whole }
  const chars = [...word]
  for (let i = chars.length - 1; i > 0; i--) {
    const indicator = cat.resolve(chars.slice(0, i).join(''))
    const rest = chars.slice(i).join('')
    if (indicator && /^[-+.\d零〇一二两三四五六七八九十百千万]/.test(rest)) {
      return { indicator, amountText: rest }
    }
  }
  return null
}

/** The office's own figures and the ledger's counts are not a unit's to correct. */
function notCorrected(indicator: Indicator): string | null {
  if (indicator.kind === 'office') {
    return `「${indicator.name}」由主题教育办填写，要改请用 /填报 ${indicator.name} 数量`
  }
  if (indicator.kind === 'ledger') {
    return `「${indicator.name}」按整改台账统计，要改请在 /整改 里登记或销号`
  }
  return null
}

function amountOf(text: string, indicator: Indicator): number | null {
  const bare = text.endsWith(indicator.measure) ? text.slice(0, -indicator.measure.length) : text
  return parseAmount(bare)
}

/** No known indicator: the word before the number is the one to suggest names for. */
function noIndicator(words: string[], cat: Catalog): string {
  // 四下3: an unknown word glued to its number.
  const spaced = words.flatMap((w) => /^(\D+?)(\d+)$/.exec(w)?.slice(1) ?? [w])
  const amountAt = spaced.findIndex((w) => parseAmount(w) !== null)
  if (amountAt === -1) return `请写上要更正的指标和数量，例：${EXAMPLE}`
  if (amountAt === 0) return `数量「${spaced[0]}」前面缺少指标，例：${EXAMPLE}`
  const word = spaced[amountAt - 1]!
  const suggestions = cat.closest(word).filter((ind) => !notCorrected(ind))
  if (suggestions.length === 0) {
    return `没有找到指标「${word}」。发送 /指标 查看全部指标，例：${EXAMPLE}`
  }
  const names = suggestions.map((ind) => `「${ind.name}」`).join('或')
  return `没有找到指标「${word}」。你是不是要更正${names}？例：/更正 ${suggestions[0]!.name} ${spaced[amountAt]}`
}
