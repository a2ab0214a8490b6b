// Liaisons type on phones with Chinese IMEs, which emit full-width forms
// (／上报　学习　３). Everything that parses chat text goes through here first
// so the parsers only ever see ASCII digits, ASCII punctuation and single spaces.

const FULL_WIDTH_START = 0xff01
const FULL_WIDTH_END = 0xff5e
const FULL_WIDTH_OFFSET = 0xfee0
const IDEOGRAPHIC_SPACE = '\u3000'

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

export function normalizeText(s: string): string {
  return toHalfWidth(s).replace(WHITESPACE_RUN, ' ').trim()
}
