import { describe, expect, it } from 'vitest'
import { catalog } from '../../src/domain/catalog'
import {
  districtFigures,
  officeLevels,
  unitFigures,
  type FigureInputs,
} from '../../src/domain/figures'
import { ledgerCounts } from '../../src/domain/draft-figures'

const at = (day: string) => new Date(`${day}T10:00:00+08:00`)
const november = { start: at('2026-11-01'), end: at('2026-12-01') }

// 示范岗 of two units: unit 1 had 4 (W45), then 6 (W47), then corrected itself down to 5 (W48);
// unit 2 has had 3 since W44. Their levels at the bounds the tests use:
const level = (unitId: number, amount: number) => ({ unitId, indicator: 'model_posts', amount })
const now = [level(1, 5), level(2, 3)]
const beforeW48 = [level(1, 6), level(2, 3)]

function figures(over: Partial<FigureInputs>) {
  const inputs: FigureInputs = {
    whole: false,
    inPeriod: [],
    stocksAtEnd: [],
    stocksBefore: [],
    ledger: new Map(),
    office: officeLevels([], null),
    ...over,
  }
  const units = unitFigures(catalog, inputs)
  return { units, district: districtFigures(catalog, units, inputs) }
}

describe('stocks', () => {
  it('count all units in the district, and a week shows the change, down included', () => {
    const whole = figures({ whole: true, stocksAtEnd: now })
    expect(whole.district.values.get('model_posts')).toBe(8)
    const week = figures({
      inPeriod: [{ unitId: 1, indicator: 'model_posts', amount: 5 }],
      stocksAtEnd: now,
      stocksBefore: beforeW48,
    })
    expect(week.units.get(1)!.values.get('model_posts')).toBe(-1)
    expect(week.district.values.get('model_posts')).toBe(-1)
    expect(week.district.standing.get('model_posts')).toBe(8)
    expect(week.units.has(2)).toBe(false)
  })

  it('have no figure in a period nobody reported them', () => {
    const quiet = figures({ stocksAtEnd: now })
    expect(quiet.district.values.has('model_posts')).toBe(false)
  })
})

describe('office figures', () => {
  const rows = [
    { indicator: 'cadres_seconded', amount: 10, createdAt: at('2026-10-20') },
    { indicator: 'cadres_seconded', amount: 12, createdAt: at('2026-11-20') },
    { indicator: 'plans_made', amount: 7, createdAt: at('2026-10-21') },
  ]

  it('stand at the latest; a month shows what changed in it, and nothing if unset in it', () => {
    const all = figures({ whole: true, office: officeLevels(rows, null) })
    expect(all.district.values.get('cadres_seconded')).toBe(12)
    expect(all.district.values.get('plans_made')).toBe(7)
    const month = figures({ office: officeLevels(rows, november) })
    expect(month.district.values.get('cadres_seconded')).toBe(2)
    expect(month.district.standing.get('cadres_seconded')).toBe(12)
    expect(month.district.values.has('plans_made')).toBe(false)
    expect(month.units.size).toBe(0)
  })
})

describe('ledger counts', () => {
  const item = (over: object) => ({
    unitId: 1,
    source: '调查研究',
    status: 'open',
    measures: '',
    createdAt: at('2026-11-20'),
    closedAt: null,
    ...over,
  })

  it('count per responsible unit; a ledger with no such item has no figure, one with some has 0', () => {
    const rows = [
      item({ measures: '限期办结' }),
      item({ unitId: 2, source: '督导', status: 'closed', closedAt: at('2026-11-25') }),
    ]
    const all = ledgerCounts(rows, null)
    expect([...all.get('整改.问题')!]).toEqual([[1, 1]])
    expect([...all.get('整改.措施')!]).toEqual([[1, 1]])
    expect([...all.get('督导.已整改')!]).toEqual([[2, 1]])
    expect(all.get('专项整治.问题')!.size).toBe(0)
    const december = ledgerCounts(rows, { start: at('2026-12-01'), end: at('2027-01-01') })
    expect([...december.get('整改.问题')!]).toEqual([[1, 0]])
    const october = ledgerCounts(rows, { start: at('2026-10-01'), end: at('2026-11-01') })
    expect(october.get('整改.问题')!.size).toBe(0)
  })
})
