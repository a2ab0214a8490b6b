import { readFileSync } from 'node:fs'

// Verbatim copies of Lark's sample payloads and crypto vectors, kept in the repo so a clone tests alone.
const larkFixtures = new URL('../fixtures/lark/', import.meta.url)
const texts = new Map<string, string>()

/** A fresh parse of a verbatim Lark payload from `test/fixtures/lark/<name>` (read once). */
export function fixture<T = any>(name: string): T {
  let text = texts.get(name)
  if (text === undefined) {
    text = readFileSync(new URL(name, larkFixtures), 'utf8')
    texts.set(name, text)
  }
  return JSON.parse(text) as T
}

/** The source document: every `*` in it is a number the bot must produce. */
export const seedText = readFileSync(new URL('../fixtures/seed.txt', import.meta.url), 'utf8')

/**
 * The seed as the 累计 template reads it: the two office figures the seed wrote as numbers
 * (方案7个, 巡回督导…5次) are blanks too, for /填报 to fill rather than the seed's numbers
 * standing in every draft.
 */
export const draftSeedText = seedText
  .replace('等项方案7个', '等项方案*个')
  .replace('主题教育工作5次', '主题教育工作*次')
