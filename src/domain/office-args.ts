import { UsageError } from '../errors'
import type { Catalog, Indicator } from './catalog'
import { normalizeText } from './normalize'
import { parseAmount } from './numerals'

// The grammar of /填报:  [<指标> <数量> …]. Nothing: list the office's figures. Whole or
// nothing, as /上报 is.

export type OfficeItem = { indicator: Indicator; amount: number }

const EXAMPLE = '/填报 抽调干部 12'

export function parseOfficeArgs(args: string[], cat: Catalog): OfficeItem[] {
  const tokens = args
    .map(normalizeText)
    .join(' ')
    .split(/[\s,;:、=]+/)
    .filter(Boolean)
    .flatMap((t) => unglue(t, cat))
  const items: OfficeItem[] = []
  for (let i = 0; i < tokens.length; i += 2) {
    const [word, amountText] = [tokens[i]!, tokens[i + 1]]
    const indicator = officeIndicator(word, cat)
    const amount = amountText === undefined ? null : amountOf(amountText, indicator)
    if (amount === null) {
      throw new UsageError(`「${word}」后面要写截至目前的总数，例：/填报 ${indicator.name} 12`)
    }
    if (amount > cat.maxFor(indicator)) {
      throw new UsageError(`「${word}」的数量 ${amount} 超过上限 ${cat.maxFor(indicator)}，请核对`)
    }
    if (items.some((it) => it.indicator.key === indicator.key)) {
      throw new UsageError(`「${indicator.name}」写了两次，请只写一个数`)
    }
    items.push({ indicator, amount })
  }
  return items
}

// 抽调干部12, 督导三: the longest known name, then a number (with its measure word, if any).
function unglue(token: string, cat: Catalog): string[] {
  if (cat.resolve(token) || parseAmount(token) !== null) return [token]
  const chars = [...token]
  for (let i = chars.length - 1; i > 0; i--) {
    const [word, rest] = [chars.slice(0, i).join(''), chars.slice(i).join('')]
    const indicator = cat.resolve(word)
    if (indicator && amountOf(rest, indicator) !== null) return [word, rest]
  }
  return [token]
}

// 12 or 12名: the indicator's own measure word may follow the number.
const amountOf = (text: string, ind: Indicator) =>
  parseAmount(text.endsWith(ind.measure) ? text.slice(0, -ind.measure.length) : text)

// /填报 is only for what no unit reports: a unit's indicator set here would count nowhere.
function officeIndicator(word: string, cat: Catalog): Indicator {
  const indicator = cat.resolve(word)
  if (indicator?.kind === 'office') return indicator
  const names = cat.all.filter((i) => i.kind === 'office').map((i) => i.name)
  const what = !indicator
    ? `没有找到指标「${word}」。`
    : indicator.kind === 'ledger'
      ? `「${indicator.name}」按整改台账统计，请用 /整改 新增 登记。`
      : `「${indicator.name}」由各单位用 /上报 上报。`
  throw new UsageError(`${what}/填报 只填主题教育办的数：${names.join('、')}`, `例：${EXAMPLE}`)
}
