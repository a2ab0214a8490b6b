import type { Catalog } from '../src/domain/catalog'
import { formatShanghai } from '../src/domain/week'
import { esc } from './card'
import { NOTHING, NOTHING_TEXT } from '../src/domain/report-args'

/** `集中学习 3次` — the name and the seed's measure word; a 无 report's entry is 无新增. */
export function amountText(catalog: Catalog, indicator: string, amount: number): string {
  if (indicator === NOTHING) return NOTHING_TEXT
  const ind = catalog.byKey(indicator)
  return ind ? `${ind.name} ${amount}${ind.measure}` : `${esc(indicator)} ${amount}`
}

/**
 * One indicator's figure as a card shows it, or null where there is nothing to show: a zero is
 * no figure (a count revoked back to nothing, a ledger with no such items). Where `level` is
 * given (a stock or office figure over a week or month) the figure is its change and what
 * stands after it follows; an unchanged stock says only what stands.
 */
export function figureText(
  catalog: Catalog,
  key: string,
  value: number | undefined,
  level?: number,
): string | null {
  const ind = catalog.byKey(key)
  const stands = level ? `现有 ${level}${ind?.measure ?? ''}` : null
  if (!value) return stands && ind ? `${ind.name} ${stands}` : null
  const text = amountText(catalog, key, value)
  return stands ? `${text}（${stands}）` : text
}

/**
 * Figures grouped by the seed's categories; an indicator or category without data is left out.
 * `empty` is what stands where there is no figure at all (a unit that reported 无 says so).
 */
export function totalsMarkdown(
  catalog: Catalog,
  sums: ReadonlyMap<string, number>,
  standing: ReadonlyMap<string, number> = new Map(),
  empty = '（本期还没有上报）',
): string {
  const lines: string[] = []
  for (const { category, indicators } of catalog.byCategory()) {
    const parts = indicators.flatMap(
      (ind) => figureText(catalog, ind.key, sums.get(ind.key), standing.get(ind.key)) ?? [],
    )
    if (parts.length > 0) lines.push(`**${category}**：${parts.join('，')}`)
  }
  return lines.length > 0 ? lines.join('\n') : empty
}

export const when = (d: Date) => formatShanghai(d).slice(5)
