import { PeriodKeyError } from '../../src/errors'
import { afterEach, describe, expect, it } from 'vitest'
import {
  addMonths,
  addWeeks,
  clockFrom,
  formatShanghai,
  monthKey,
  monthRange,
  parseMonthKey,
  parsePeriodWord,
  parseWeekKey,
  periodFor,
  shanghaiDate,
  systemClock,
  weekDates,
  weekKey,
  weekRange,
} from '../../src/domain/week'

const at = (iso: string) => new Date(iso)

describe('weekKey', () => {
  it('starts the week at Monday 00:00 Shanghai, not UTC', () => {
    expect(weekKey(at('2026-11-29T15:59:00Z'))).toBe('2026-W48') // Sunday 23:59 in Shanghai
    expect(weekKey(at('2026-11-29T16:00:00Z'))).toBe('2026-W49') // Monday 00:00 in Shanghai
    expect(weekKey(at('2026-11-23T00:00:00+08:00'))).toBe('2026-W48')
  })

  it.each([
    ['2026-12-31T12:00:00+08:00', '2026-W53'],
    ['2027-01-01T12:00:00+08:00', '2026-W53'],
    ['2027-01-03T23:59:00+08:00', '2026-W53'],
    ['2027-01-04T00:00:00+08:00', '2027-W01'],
    ['2020-12-31T12:00:00+08:00', '2020-W53'],
    ['2021-01-03T12:00:00+08:00', '2020-W53'],
    ['2024-12-30T00:00:00+08:00', '2025-W01'],
    ['2026-01-05T08:00:00+08:00', '2026-W02'],
  ])('%s is in %s', (iso, key) => {
    expect(weekKey(at(iso))).toBe(key)
  })
})

describe('weekRange and addWeeks', () => {
  it('gives Monday 00:00 Shanghai to the next Monday, as instants', () => {
    const { start, end } = weekRange('2026-W48')
    expect(start.toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(end.toISOString()).toBe('2026-11-29T16:00:00.000Z')
  })

  it('round-trips with weekKey across a 53-week year', () => {
    expect(weekRange('2026-W53').start.toISOString()).toBe('2026-12-27T16:00:00.000Z')
    expect(addWeeks('2026-W53', 1)).toBe('2027-W01')
    expect(addWeeks('2027-W01', -1)).toBe('2026-W53')
    expect(addWeeks('2026-W48', -48)).toBe('2025-W52')
    expect(addWeeks('2026-W48', 0)).toBe('2026-W48')
  })

  it('throws a PeriodKeyError on a malformed or impossible key', () => {
    for (const key of ['2026-48', '2026-W54', '2025-W53', '2026-W00', 'W48', '']) {
      expect(() => weekRange(key), key).toThrow(PeriodKeyError)
    }
    expect(() => weekRange('x')).toThrow(expect.objectContaining({ name: 'PeriodKeyError' }))
  })
})

describe('parseWeekKey', () => {
  it.each([
    ['2026-W48', '2026-W48'],
    ['2026-w48', '2026-W48'],
    ['2026W48', '2026-W48'],
    ['2026-W5', '2026-W05'],
    [' ２０２６－Ｗ４８ ', '2026-W48'],
  ])('%j → %s', (input, key) => {
    expect(parseWeekKey(input)).toBe(key)
  })

  it.each(['2026-W54', '2025-W53', '2026-W0', '26-W48', '2026-48', '本周'])('rejects %j', (s) => {
    expect(parseWeekKey(s)).toBeNull()
  })
})

describe('months and dates', () => {
  it('reads the month and date in Shanghai', () => {
    expect(monthKey(at('2026-11-30T15:59:00Z'))).toBe('2026-11')
    expect(monthKey(at('2026-11-30T16:00:00Z'))).toBe('2026-12')
    expect(monthKey(at('2026-12-31T16:00:00Z'))).toBe('2027-01')
    expect(shanghaiDate(at('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    expect(formatShanghai(at('2026-11-27T01:05:00Z'))).toBe('2026-11-27 09:05')
  })

  it('gives month ranges as Shanghai midnights, including December', () => {
    const nov = monthRange('2026-11')
    expect(nov.start.toISOString()).toBe('2026-10-31T16:00:00.000Z')
    expect(nov.end.toISOString()).toBe('2026-11-30T16:00:00.000Z')
    expect(monthRange('2026-12').end.toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(addMonths('2027-01', -1)).toBe('2026-12')
    expect(addMonths('2026-12', 1)).toBe('2027-01')
  })

  it('validates month keys', () => {
    expect(parseMonthKey('2026-3')).toBe('2026-03')
    expect(parseMonthKey('2026-13')).toBeNull()
    expect(() => monthRange('2026-00')).toThrow(PeriodKeyError)
  })
})

describe('periodFor', () => {
  const now = at('2026-11-27T10:00:00+08:00') // a Friday

  it('labels this and last week with their dates, never the ISO code people do not use', () => {
    const p = periodFor('本周', now)
    expect(p).toMatchObject({ kind: 'week', key: '2026-W48', dates: '11月23日—11月29日' })
    expect(p.label).toBe('本周（11月23日—11月29日）')
    expect(p.start).toEqual(weekRange('2026-W48').start)
    expect(periodFor('上周', now).label).toBe('上周（11月16日—11月22日）')
  })

  it('labels weeks spanning a new year', () => {
    const p = periodFor('上周', at('2027-01-05T09:00:00+08:00'))
    expect(p.label).toBe('上周（12月28日—1月3日）')
  })

  it('labels months and the cumulative period', () => {
    expect(periodFor('本月', now)).toMatchObject({
      kind: 'month',
      key: '2026-11',
      label: '本月（2026年11月）',
      dates: '2026年11月',
    })
    expect(periodFor('上月', at('2027-01-02T00:00:00+08:00')).label).toBe('上月（2026年12月）')
    expect(periodFor('累计', now)).toEqual({
      kind: 'all',
      key: 'all',
      label: '累计（截至11月27日）',
      dates: '截至11月27日',
      start: null,
      end: null,
    })
  })
})

describe('parsePeriodWord', () => {
  it.each([
    ['本周', '本周'],
    ['这周', '本周'],
    ['本星期', '本周'],
    ['上周', '上周'],
    ['上星期', '上周'],
    ['本月', '本月'],
    ['上个月', '上月'],
    ['累计', '累计'],
    ['全部', '累计'],
    ['截至目前', '累计'],
    [' 上周\u3000', '上周'],
  ])('%j → %s', (word, canonical) => {
    expect(parsePeriodWord(word)).toBe(canonical)
  })

  it('rejects anything else', () => {
    expect(parsePeriodWord('下周')).toBeNull()
    expect(parsePeriodWord('toString')).toBeNull()
  })
})

describe('independence from the process time zone', () => {
  const original = process.env.TZ
  afterEach(() => {
    if (original === undefined) delete process.env.TZ
    else process.env.TZ = original
  })

  it('gives the same answers whatever TZ the server runs in', () => {
    const instants = ['2026-11-29T15:59:00Z', '2026-11-29T16:00:00Z', '2026-12-31T16:30:00Z']
    const compute = () =>
      instants.map((iso) => [weekKey(at(iso)), monthKey(at(iso)), formatShanghai(at(iso))])
    const expected = compute()
    for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
      process.env.TZ = tz
      expect(compute(), tz).toEqual(expected)
    }
    expect(expected[2]).toEqual(['2026-W53', '2027-01', '2027-01-01 00:30'])
  })

  it('has a system clock that returns the current instant', () => {
    expect(Math.abs(systemClock().getTime() - Date.now())).toBeLessThan(1000)
  })
})

describe('clockFrom', () => {
  it("starts at a cron's scheduled time and advances as the clock it follows", () => {
    let ms = at('2026-12-08T01:00:00Z').getTime()
    const run = clockFrom(at('2026-12-01T01:00:00Z'), () => new Date(ms))
    expect(run().toISOString()).toBe('2026-12-01T01:00:00.000Z')
    ms += 90_000
    expect(run().toISOString()).toBe('2026-12-01T01:01:30.000Z')
  })
})

describe('weekDates', () => {
  it('names a week by its Monday and Sunday, across a year end', () => {
    expect(weekDates('2026-W47')).toBe('11月16日—11月22日')
    expect(weekDates('2026-W53')).toBe('12月28日—1月3日')
  })
})
