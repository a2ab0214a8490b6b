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
 * standing in every draft. It has a title line, for the Word file, and names the campaign's
 * figures the seed left out: 集中学习, the largest of its study figures, and 建章立制's three.
 */
export const draftSeedText = `全区主题教育工作进展情况报告\n${seedText}`
  .replace('等项方案7个', '等项方案*个')
  .replace('主题教育工作5次', '主题教育工作*次')
  .replace('制定学习计划*个。设置', '制定学习计划*个。开展集中学习*次，设置')
  .replace(
    '均建立了整改方案。',
    '均建立了整改方案。五是建章立制方面。坚持边整改边建制，把主题教育中形成的好经验好做法固化为制度成果。目前，新建制度*项，修订制度*项，废止制度*项。',
  )
