import type { Catalog } from '../src/domain/catalog'
import { formatShanghai } from '../src/domain/week'
import { esc } from './card'

/** `集中学习 3次` — the name and the seed's measure word. */
export function amountText(catalog: Catalog, indicator: string, amount: number): string {
  const ind = catalog.byKey(indicator)
  return ind ? `${ind.name} ${amount}${ind.measure}` : `${esc(indicator)} ${amount}`
}

/**
 * Figures grouped by the seed's categories; one without data is left out. Where `standing` has
 * an indicator (a stock or office figure over a week or month), the figure is its change and
 * what stands after it follows.
 */
export function totalsMarkdown(
  catalog: Catalog,
  sums: ReadonlyMap<string, number>,
  standing: ReadonlyMap<string, number> = new Map(),
): string {
  const lines: string[] = []
  for (const { category, indicators } of catalog.byCategory()) {
    const parts = indicators
      .filter((ind) => sums.has(ind.key))
      .map((ind) => {
        const text = amountText(catalog, ind.key, sums.get(ind.key)!)
        const level = standing.get(ind.key)
        return level === undefined ? text : `${text}（现有 ${level}${ind.measure}）`
      })
    if (parts.length > 0) lines.push(`**${category}**：${parts.join('，')}`)
  }
  return lines.length > 0 ? lines.join('\n') : '（本期还没有上报）'
}

export const when = (d: Date) => formatShanghai(d).slice(5)
