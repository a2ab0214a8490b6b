import { normalizeText } from './normalize'

// What a unit name someone mistyped is nearest to: the names sharing the most of its
// characters, each pair of neighbouring characters in common counting once more, so 区财正局
// finds 区财政局 before every other 区…局. A name must hold at least half of what was typed.

const chars = (s: string) => new Set(s)
function pairs(s: string): Set<string> {
  const cs = [...s]
  return new Set(cs.slice(1).map((ch, i) => `${cs[i]}${ch}`))
}
const common = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).length

/** Up to `n` of `names` nearest to `typed`, nearest first; none when nothing is close. */
export function closeNames(names: readonly string[], typed: string, n = 3): string[] {
  const word = normalizeText(typed)
  const [wordChars, wordPairs] = [chars(word), pairs(word)]
  const scored = names
    .map((name) => {
      const key = normalizeText(name)
      const shared = common(wordChars, chars(key))
      return { name, shared, score: shared + common(wordPairs, pairs(key)), length: key.length }
    })
    .filter((m) => m.shared * 2 >= wordChars.size && m.shared > 0)
  const best = Math.max(...scored.map((m) => m.score))
  return scored
    .filter((m) => m.score >= best - 1)
    .sort(
      (a, b) =>
        b.score - a.score || Math.abs(a.length - word.length) - Math.abs(b.length - word.length),
    )
    .slice(0, n)
    .map((m) => m.name)
}
