import { describe, expect, it } from 'vitest'
import { addDays, dateLabel, daysBetween, parseChineseDate } from '../../src/domain/dates'

const TODAY = '2026-11-27'
const parse = (text: string, today = TODAY) => parseChineseDate(text, today)

describe('parseChineseDate', () => {
  it('reads dates with a year as written, in every usual form', () => {
    for (const text of [
      '2026-12-31',
      '2026/12/31',
      '2026.12.31',
      '2026年12月31日',
      '２０２６－１２－３１',
    ])
      expect(parse(text), text).toEqual({ ok: true, date: '2026-12-31' })
    expect(parse('2027-1-5')).toEqual({ ok: true, date: '2027-01-05' })
  })

  it('keeps an explicit past year: items found earlier can be entered', () => {
    expect(parse('2026-01-31')).toEqual({ ok: true, date: '2026-01-31' })
  })

  it('puts a date without a year on the next such day, today included', () => {
    expect(parse('12月31日')).toEqual({ ok: true, date: '2026-12-31' })
    expect(parse('12-31')).toEqual({ ok: true, date: '2026-12-31' })
    expect(parse('11月27号')).toEqual({ ok: true, date: '2026-11-27' })
    expect(parse('11月26日')).toEqual({ ok: true, date: '2027-11-26' })
    expect(parse('1/15')).toEqual({ ok: true, date: '2027-01-15' })
  })

  it('reads the date picker answer with its zone', () => {
    expect(parse('2026-12-31 +0800')).toEqual({ ok: true, date: '2026-12-31' })
  })

  it('rejects what is not a day', () => {
    for (const text of ['明天', '2026-13-01', '2月30日', '2026-02-29', '12', '', '31-12'])
      expect(parse(text).ok, text).toBe(false)
    expect(parse('2月29日', '2027-03-01')).toEqual({ ok: true, date: '2028-02-29' })
  })
})

describe('day arithmetic', () => {
  it('counts days across months and years', () => {
    expect(daysBetween('2026-11-27', '2026-12-01')).toBe(4)
    expect(daysBetween('2026-12-31', '2026-12-28')).toBe(-3)
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(dateLabel('2027-01-02')).toBe('2027年1月2日')
  })
})
