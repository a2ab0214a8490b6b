import type { Catalog } from './catalog'

/**
 * One scope's figures (a unit, or the district) for one period, by indicator key. A key that
 * is absent has no data: the draft says 〔待补〕 there, never 0.
 */
export type Figures = {
  values: Map<string, number>
  /** Stocks and office figures over a week or month: what stands at its end (values hold the change). */
  standing: Map<string, number>
}

export type UnitRow = { unitId: number; indicator: string; amount: number }

/** What the period's figures are made of, as read from the database. */
export type FigureInputs = {
  /** All time: a stock's figure is what stands, not a change. */
  whole: boolean
  /** Counted entries summed per unit and indicator, within the period's weeks. */
  inPeriod: UnitRow[]
  /** Each unit's latest stock values up to the period's end, and before its start. */
  stocksAtEnd: UnitRow[]
  stocksBefore: UnitRow[]
  /** The ledger's counts per unit, by ledger figure name (see ledgerCounts). */
  ledger: Map<string, Map<number, number>>
  office: OfficeLevels
}

export type OfficeLevels = {
  atEnd: Map<string, number>
  before: Map<string, number>
  /** Indicators the office set within the period. */
  setWithin: Set<string>
}

/** No data at all. */
export const emptyFigures = (): Figures => ({ values: new Map(), standing: new Map() })

/** Every unit's figures: flows summed, stocks' latest values (or their change), ledger counts. */
export function unitFigures(catalog: Catalog, inputs: FigureInputs): Map<number, Figures> {
  const units = new Map<number, Figures>()
  const of = (unitId: number) => units.get(unitId) ?? units.set(unitId, emptyFigures()).get(unitId)!
  const key = (r: UnitRow) => `${r.unitId}:${r.indicator}`
  const atEnd = new Map(inputs.stocksAtEnd.map((r) => [key(r), r.amount]))
  const before = new Map(inputs.stocksBefore.map((r) => [key(r), r.amount]))
  for (const row of inputs.inPeriod) {
    const kind = catalog.byKey(row.indicator)?.kind
    if (kind === 'flow') of(row.unitId).values.set(row.indicator, row.amount)
    if (kind !== 'stock' || inputs.whole) continue
    const level = atEnd.get(key(row)) ?? 0
    of(row.unitId).values.set(row.indicator, level - (before.get(key(row)) ?? 0))
    of(row.unitId).standing.set(row.indicator, level)
  }
  if (inputs.whole)
    for (const row of inputs.stocksAtEnd) of(row.unitId).values.set(row.indicator, row.amount)
  for (const ind of catalog.all.filter((i) => i.kind === 'ledger')) {
    for (const [unitId, n] of inputs.ledger.get(ind.ledger!) ?? [])
      of(unitId).values.set(ind.key, n)
  }
  return units
}

/**
 * The district's figures: each unit-given figure summed over the units that have it (a stock's
 * standing over every unit), and the office's own figures.
 */
export function districtFigures(
  catalog: Catalog,
  units: Map<number, Figures>,
  inputs: FigureInputs,
): Figures {
  const district = emptyFigures()
  const add = (map: Map<string, number>, k: string, n: number) => map.set(k, (map.get(k) ?? 0) + n)
  for (const unit of units.values()) for (const [k, n] of unit.values) add(district.values, k, n)
  if (!inputs.whole) {
    for (const row of inputs.stocksAtEnd) {
      if (district.values.has(row.indicator)) add(district.standing, row.indicator, row.amount)
    }
  }
  const { office } = inputs
  for (const ind of catalog.all.filter((i) => i.kind === 'office')) {
    const level = office.atEnd.get(ind.key)
    if (level === undefined) continue
    if (inputs.whole) district.values.set(ind.key, level)
    else if (office.setWithin.has(ind.key)) {
      district.values.set(ind.key, level - (office.before.get(ind.key) ?? 0))
      district.standing.set(ind.key, level)
    }
  }
  return district
}

export type OfficeRow = { indicator: string; amount: number; createdAt: Date }

/** The office's latest figures at the period's end and before its start; rows oldest first. */
export function officeLevels(rows: OfficeRow[], range: { start: Date; end: Date } | null) {
  const levels: OfficeLevels = { atEnd: new Map(), before: new Map(), setWithin: new Set() }
  for (const row of rows) {
    if (range && row.createdAt >= range.end) continue
    levels.atEnd.set(row.indicator, row.amount)
    if (range && row.createdAt < range.start) levels.before.set(row.indicator, row.amount)
    else levels.setWithin.add(row.indicator)
  }
  return levels
}
