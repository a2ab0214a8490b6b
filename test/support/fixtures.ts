import { readFileSync } from 'node:fs'

// The fixtures live beside the repo (/work/shared next to /work/main), shared with other teams.
const larkFixtures = new URL('../../../shared/fixtures/lark/', import.meta.url)

/** Reads and parses a verbatim Lark payload from `shared/fixtures/lark/<name>`. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, larkFixtures), 'utf8')) as T
}
