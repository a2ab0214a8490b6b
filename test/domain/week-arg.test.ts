import { describe, expect, it } from 'vitest'
import { takeWeek } from '../../src/domain/week-arg'

// Friday 2026-11-27 in Shanghai: week 2026-W48 (11月23日—11月29日).
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const week = (...args: string[]) => takeWeek(args, FRIDAY)

describe('takeWeek', () => {
  it.each([
    [['2026-W47'], '2026-W47'],
    [['2026w47'], '2026-W47'],
    [['W47'], '2026-W47'],
    [['第47周'], '2026-W47'],
    [['上周'], '2026-W47'],
    [['上星期'], '2026-W47'],
    [['本周'], '2026-W48'],
    [['11月16日—11月22日'], '2026-W47'],
    [['11月16日', '——', '11月22日'], '2026-W47'],
    [['11月16日-22日'], '2026-W47'],
    [['11.16-11.22'], '2026-W47'],
    [['2026-11-16至2026-11-22'], '2026-W47'],
    [['2026年11月16日', '到', '2026年11月22日'], '2026-W47'],
    [['11月18日'], '2026-W47'],
    [['2026-11-18'], '2026-W47'],
    [['１１月１８日'], '2026-W47'],
  ])('%j is %s', (args, expected) => {
    expect(week(...args)).toEqual({ week: expected, rest: '' })
  })

  it('leaves the other words in order', () => {
    expect(week('区财政局', '2026-W40', '学习', '5')).toEqual({
      week: '2026-W40',
      rest: '区财政局 学习 5',
    })
    expect(week('学习', '5', '上周')).toEqual({ week: '2026-W47', rest: '学习 5' })
    expect(week('学习', '5')).toEqual({ week: null, rest: '学习 5' })
  })

  it('reads a date without a year as the one nearest to now', () => {
    const january = new Date('2027-01-06T02:00:00Z')
    expect(takeWeek(['12月28日—1月3日'], january)).toEqual({ week: '2026-W53', rest: '' })
    expect(takeWeek(['12月2日'], january)).toEqual({ week: '2026-W49', rest: '' })
    expect(week('12月2日')).toEqual({ week: '2026-W49', rest: '' })
    expect(week('6月2日')).toEqual({ week: '2026-W23', rest: '' })
  })

  it('does not take an amount for a date', () => {
    expect(week('学习', '3.5')).toEqual({ week: null, rest: '学习 3.5' })
  })

  it('refuses days that do not exist and ranges that are not one whole week', () => {
    expect(week('2月30日')).toEqual({ error: '没有「2月30日」这一天。' })
    expect(week('2026-W54')).toEqual({ error: '没有「2026-W54」这一周。' })
    expect(week('11月17日—11月23日')).toEqual({
      error: '「11月17日—11月23日」不是一整周：一周从周一到周日，例：11月16日—11月22日。',
    })
  })
})
