import type { Catalog } from '../src/domain/catalog'
import { formatShanghai } from '../src/domain/week'
import { esc } from './card'

/** `集中学习 3次` — the name and the seed's measure word. */
export function amountText(catalog: Catalog, indicator: string, amount: number): string {
  const ind = catalog.byKey(indicator)
  return ind ? `${ind.name} ${amount}${ind.measure}` : `${esc(indicator)} ${amount}`
}

/** Totals grouped by the seed's categories; indicators without a number are left out. */
export function totalsMarkdown(catalog: Catalog, sums: ReadonlyMap<string, number>): string {
  const lines: string[] = []
  for (const { category, indicators } of catalog.byCategory()) {
    const parts = indicators
      .filter((ind) => (sums.get(ind.key) ?? 0) > 0)
      .map((ind) => amountText(catalog, ind.key, sums.get(ind.key)!))
    if (parts.length > 0) lines.push(`**${category}**：${parts.join('，')}`)
  }
  return lines.length > 0 ? lines.join('\n') : '（本期还没有上报）'
}

export const when = (d: Date) => formatShanghai(d).slice(5)
