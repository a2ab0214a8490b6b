import { readFileSync } from 'node:fs'

// The fixtures live beside the repo (/work/shared next to /work/main), shared with other teams.
const larkFixtures = new URL('../../../shared/fixtures/lark/', import.meta.url)
const texts = new Map<string, string>()

/** A fresh parse of a verbatim Lark payload from `shared/fixtures/lark/<name>` (read once). */
export function fixture<T = any>(name: string): T {
  let text = texts.get(name)
  if (text === undefined) {
    text = readFileSync(new URL(name, larkFixtures), 'utf8')
    texts.set(name, text)
  }
  return JSON.parse(text) as T
}
