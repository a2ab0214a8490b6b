import { z } from 'zod'
import { normalizeText } from './normalize'
import { RECTIFICATION_FIGURES } from './draft-figures'
import data from './indicators.json'

// The seed's order; cards and reports list categories this way.
export const CATEGORIES = [
  '组织推进',
  '理论学习',
  '调查研究',
  '推动发展',
  '检视整改',
  '建章立制',
] as const
export type Category = (typeof CATEGORIES)[number]

export const DEFAULT_MAX = 9999

/**
 * What a figure means. A flow is what happened in a week, summed over weeks and units. A stock
 * is what a unit has (5 示范岗): its latest value stands, the district's is the sum of units'
 * latest values, and a week's figure is the change. An office figure is the office's own fact,
 * which no unit reports: set with /填报, the latest stands. A ledger figure is counted from the
 * 整改台账 (the item's source and status), so the ledger is its one source.
 */
export const KINDS = {
  flow: '累计',
  stock: '存量',
  office: '办公室填报',
  ledger: '整改台账',
} as const
export type Kind = keyof typeof KINDS

// Names and aliases must not contain digits or spaces: /上报 splits 学习3 and 学习 3
// at exactly those characters.
const term = z.string().regex(/^[^\s\d]+$/, 'no spaces or digits')

export const indicatorSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'snake_case'),
  name: term,
  measure: z.string().min(1),
  category: z.enum(CATEGORIES),
  aliases: z.array(term),
  max: z.number().int().positive().optional(),
  // Most indicators are counted week by week, so a new one the office adds is too.
  kind: z.enum(Object.keys(KINDS) as [Kind, ...Kind[]]).default('flow'),
  /** For a ledger indicator, the ledger count that is its figure. */
  ledger: z.enum(Object.keys(RECTIFICATION_FIGURES) as [string, ...string[]]).optional(),
})
export const indicatorListSchema = z
  .array(
    indicatorSchema.refine((ind) => (ind.kind === 'ledger') === (ind.ledger !== undefined), {
      message: 'a ledger indicator names its ledger count, and only it does',
    }),
  )
  .min(1)

export type Indicator = z.infer<typeof indicatorSchema>
export type IndicatorInput = z.input<typeof indicatorSchema>

export type Catalog = {
  all: Indicator[]
  byKey(key: string): Indicator | undefined
  resolve(word: string): Indicator | undefined
  closest(word: string, n?: number): Indicator[]
  byCategory(): Array<{ category: Category; indicators: Indicator[] }>
  maxFor(ind: Indicator): number
}

const lookupKey = (word: string) => normalizeText(word).toLowerCase()

export function createCatalog(list: IndicatorInput[]): Catalog {
  const all = indicatorListSchema.parse(list)
  const keys = uniqueIndex(all, (ind) => [ind.key], 'key')
  uniqueIndex(all, (ind) => [ind.name], 'name')
  const words = uniqueIndex(all, (ind) => [ind.name, ...ind.aliases].map(lookupKey), 'name/alias')
  return {
    all,
    byKey: (key) => keys.get(key),
    resolve: (word) => words.get(lookupKey(word)),
    closest: (word, n = 3) => closest(all, lookupKey(word), n),
    byCategory: () =>
      CATEGORIES.map((category) => ({
        category,
        indicators: all.filter((ind) => ind.category === category),
      })).filter((group) => group.indicators.length > 0),
    maxFor: (ind) => ind.max ?? DEFAULT_MAX,
  }
}

// A word that points at two indicators would let a liaison's report land on
// the wrong one, so the catalog refuses to load instead.
function uniqueIndex(all: Indicator[], wordsOf: (ind: Indicator) => string[], what: string) {
  const index = new Map<string, Indicator>()
  for (const ind of all) {
    for (const word of new Set(wordsOf(ind))) {
      const other = index.get(word)
      if (other) {
        throw new Error(`indicator ${what} 「${word}」 is used by both ${other.key} and ${ind.key}`)
      }
      index.set(word, ind)
    }
  }
  return index
}

type Match = { ind: Indicator; shared: number; distance: number }

// Suggestions for an unknown word: first by how many of its characters a
// name or alias contains, then by edit distance. A word close to a generic
// alias (党客 ~ 党课) also suggests every indicator whose name contains that
// alias (领导干部讲党课), just behind the alias's owner. Only near-best matches
// are returned so a reply never lists half the catalog.
function closest(all: Indicator[], word: string, n: number): Indicator[] {
  if (word === '') return []
  const terms = all.flatMap((ind) => [ind.name, ...ind.aliases].map((t) => ({ t, owner: ind })))
  const matches: Match[] = []
  for (const ind of all) {
    let best: Match | null = null
    for (const { t, owner } of terms) {
      if (owner !== ind && !ind.name.includes(t)) continue
      const m = { ind, shared: sharedChars(word, t), distance: distance(word, t) }
      if (owner !== ind) m.distance += 0.5
      if (m.shared > 0 && (!best || better(m, best))) best = m
    }
    if (best) matches.push(best)
  }
  matches.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
  const top = matches[0]
  if (!top) return []
  return matches
    .filter((m) => m.shared === top.shared && m.distance <= top.distance + 1)
    .slice(0, n)
    .map((m) => m.ind)
}

const better = (a: Match, b: Match) =>
  a.shared !== b.shared ? a.shared > b.shared : a.distance < b.distance

function sharedChars(word: string, t: string): number {
  return [...new Set(word)].filter((ch) => ch !== ' ' && t.includes(ch)).length
}

// A term that contains the whole word (讲党课 in 领导干部讲党课) is nearly a
// match however long it is; plain edit distance would favour short terms.
const distance = (word: string, t: string) =>
  t.includes(word) ? editDistance(word, t) / 10 : editDistance(word, t)

function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost))
    }
    prev = row
  }
  return prev[y.length]!
}

export const catalog = createCatalog(indicatorListSchema.parse(data))
