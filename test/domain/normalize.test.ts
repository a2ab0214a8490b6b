import { describe, expect, it } from 'vitest'
import { normalizeText, toHalfWidth } from '../../src/domain/normalize'

describe('toHalfWidth', () => {
  it('maps full-width ASCII and the ideographic space to ASCII', () => {
    expect(toHalfWidth('／上报　学习　３１２')).toBe('/上报 学习 312')
    expect(toHalfWidth('备注：ＡＢｃ！～')).toBe('备注:ABc!~')
  })

  it('leaves Chinese text and Chinese punctuation outside FF01–FF5E alone', () => {
    expect(toHalfWidth('集中学习、党课。「」')).toBe('集中学习、党课。「」')
  })
})

describe('normalizeText', () => {
  it('collapses every kind of whitespace run and trims', () => {
    expect(normalizeText('  /上报\u00a0\u00a0学习\t3\n\u3000党课　１ ')).toBe('/上报 学习 3 党课 1')
  })

  it('returns an empty string for blank input', () => {
    expect(normalizeText(' \u3000\n')).toBe('')
  })
})
