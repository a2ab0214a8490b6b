// Liaisons type on phones with Chinese IMEs, which emit full-width forms
// (／上报　学习　３). Parsers read a normalised copy (normalizeText) so they only
// ever see ASCII digits, ASCII punctuation and single spaces. What people wrote
// in their own words (a note, a problem, a unit's name) is kept as typed: only
// its whitespace is squeezed, since chat words arrive split on it anyway.

const FULL_WIDTH_START = 0xff01
const FULL_WIDTH_END = 0xff5e
const FULL_WIDTH_OFFSET = 0xfee0
const IDEOGRAPHIC_SPACE = '\u3000'

/** One UTF-16 unit for one, so an index found in the result is an index into `s`. */
export function toHalfWidth(s: string): string {
  let out = ''
  for (const ch of s) {
    const code = ch.codePointAt(0)!
    if (code >= FULL_WIDTH_START && code <= FULL_WIDTH_END) {
      out += String.fromCodePoint(code - FULL_WIDTH_OFFSET)
    } else {
      out += ch === IDEOGRAPHIC_SPACE ? ' ' : ch
    }
  }
  return out
}

// \s in JS already covers \u00a0 and \u3000; listed explicitly so nobody has to remember that.
const WHITESPACE_RUN = /[\s\u00a0\u3000]+/g

export function squeezeSpaces(s: string): string {
  return s.replace(WHITESPACE_RUN, ' ').trim()
}

export function normalizeText(s: string): string {
  return toHalfWidth(squeezeSpaces(s))
}
