import { describe, expect, it } from 'vitest'
import { parseAmount } from '../../src/domain/numerals'

describe('parseAmount', () => {
  it.each([
    ['3', 3],
    ['012', 12],
    ['３', 3],
    ['１２', 12],
    ['0', 0],
    ['零', 0],
    ['三', 3],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十三', 23],
    ['一百', 100],
    ['一百零五', 105],
    ['一百一十', 110],
    ['一百五', 150],
    ['两千', 2000],
    ['两千三', 2300],
    ['一千零一十', 1010],
    ['九千九百九十九', 9999],
    ['一万', 10000],
    ['一万二', 12000],
    ['一万零五', 10005],
    ['十二万', 120000],
  ])('%s → %i', (token, value) => {
    expect(parseAmount(token)).toBe(value)
  })

  it.each([
    '',
    ' ',
    '3.5',
    '-1',
    '+1',
    '1e3',
    'abc',
    '三x',
    '3三',
    '三三',
    '百',
    '千二',
    '十百',
    '零三',
    '万',
    '一万万',
  ])('rejects %j', (token) => {
    expect(parseAmount(token)).toBeNull()
  })

  it('rejects numbers beyond the safe integer range', () => {
    expect(parseAmount('99999999999999999999')).toBeNull()
  })
})
