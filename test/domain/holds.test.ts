import { describe, expect, it } from 'vitest'
import { median, outliers } from '../../src/domain/holds'

describe('holds', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([1, 2, 3, 10])).toBe(2.5)
  })

  it('calls an amount implausible above five times the median and above 10', () => {
    const history = new Map([
      ['study', [2, 3, 2]],
      ['lecture', [1]],
    ])
    const judged = (indicator: string, amount: number) => outliers([{ indicator, amount }], history)
    expect(judged('study', 11)).toEqual([{ indicator: 'study', amount: 11, usual: 2 }])
    expect(judged('study', 10)).toEqual([])
    expect(judged('lecture', 6)).toEqual([])
    expect(judged('research', 500)).toEqual([])
  })
})
