import type { entries, entryRevocations, reports, revocations } from '../../db/schema'
import { catalog } from '../../src/domain/catalog'
import { WEEKLY_MENU } from '../../src/dev/demo-data'
import { weekRange } from '../../src/domain/week'
import type { Random, World } from './scale-world'

/** The district: 147k reports over 300 units × 104 weeks, ~5 entries each. */
const REPORTS_PER_UNIT_WEEK = 4.7
/** Units that report every week still skip one now and then. */
const SKIP = 0.05
const REVOKED = 0.02
const HELD = 0.01
const CORRECTED_WEEKS = 0.03

const HOUR = 3_600_000
const DAY = 24 * HOUR

// Units report what happens week by week (flows) and what they have (stocks); the office's
// figures and the ledger's counts are not theirs to report (/上报 refuses them).
const TYPICAL = new Map(WEEKLY_MENU)
const REPORTABLE = catalog.all
  .filter((i) => i.kind === 'flow' || i.kind === 'stock')
  .map((i) => ({ key: i.key, stock: i.kind === 'stock', weight: weightOf(i.key, i.kind) }))
const TOTAL_WEIGHT = REPORTABLE.reduce((n, i) => n + i.weight, 0)

function weightOf(key: string, kind: string) {
  return kind === 'stock' ? 0.5 : TYPICAL.has(key) ? 4 : 1
}

export type Item = { indicator: string; amount: number }
/** One report as planned, before the week's reports are put in time order and numbered. */
export type Planned = {
  id: number
  unitId: number
  week: string
  at: Date
  reporter: string
  items: Item[]
  kind: 'report' | 'correction'
  held: 'duplicate' | 'outlier' | null
  released: { by: string; at: Date } | null
  revokedAt: Date | null
  /** For a correction: the reports whose entry of its indicator it replaces. */
  replaces: Planned[]
}

export type WeekRows = {
  reports: Array<typeof reports.$inferInsert>
  entries: Array<typeof entries.$inferInsert>
  revocations: Array<typeof revocations.$inferInsert>
  entryRevocations: Array<typeof entryRevocations.$inferInsert>
  planned: Planned[]
}

/**
 * Every week's reports, week by week: a third of the units report every other week, the rest
 * nearly every week; some reports are revoked, some held back (a duplicate, an implausible
 * figure) and half of those released, and now and then a unit's week gets a /更正.
 */
export function createWeeks(world: World, random: Random, now: Date) {
  const unitIds = world.units.map((u) => u.id)
  const alternate = new Set(unitIds.filter(() => random.chance(1 / 3)))
  const share =
    (1 - alternate.size / unitIds.length) * (1 - SKIP) + alternate.size / unitIds.length / 2
  const perWeek = REPORTS_PER_UNIT_WEEK / share
  const stocks = new Map<string, number>()
  let nextId = 1

  const reports = (unitId: number, index: number) =>
    alternate.has(unitId) ? (unitId + index) % 2 === 0 : !random.chance(SKIP)

  function itemsFor(unitId: number): Item[] {
    const count = random.int(3, 7)
    const chosen = new Set<(typeof REPORTABLE)[number]>()
    while (chosen.size < count) chosen.add(weighted())
    return [...chosen].map((i) => ({ indicator: i.key, amount: amountOf(unitId, i) }))
  }

  function weighted() {
    let x = random.next() * TOTAL_WEIGHT
    for (const i of REPORTABLE) if ((x -= i.weight) < 0) return i
    return REPORTABLE.at(-1)!
  }

  function amountOf(unitId: number, i: (typeof REPORTABLE)[number]) {
    if (!i.stock) return Math.max(1, (TYPICAL.get(i.key) ?? 1) + random.int(-1, 2))
    const key = `${unitId}:${i.key}`
    const value = (stocks.get(key) ?? random.int(1, 8)) + random.int(0, 2)
    stocks.set(key, value)
    return value
  }

  /** A unit's reports in one week, in time order, with at most one correction last. */
  function unitWeek(unitId: number, week: string): Planned[] {
    const start = weekRange(week).start.getTime()
    const count = Math.max(1, Math.round(perWeek - 2 + 4 * random.next()))
    const times = Array.from(
      { length: count },
      () => start + random.int(0, 6) * DAY + random.int(8 * HOUR, 20 * HOUR),
    )
    const planned: Planned[] = []
    for (const t of times.sort((a, b) => a - b)) {
      if (t >= now.getTime()) break
      planned.push(oneReport(unitId, week, new Date(t), planned.at(-1)))
    }
    const correction = planned.length > 0 && random.chance(CORRECTED_WEEKS) && correct(planned)
    return correction ? [...planned, correction] : planned
  }

  function oneReport(unitId: number, week: string, at: Date, before: Planned | undefined): Planned {
    const reporter = random.pick(world.liaisons.get(unitId)!)
    const duplicate = before && random.chance(HELD / 2)
    const outlier = !duplicate && random.chance(HELD / 2)
    const items = duplicate ? before.items.map((i) => ({ ...i })) : itemsFor(unitId)
    if (outlier) items[0]!.amount *= 15
    const held = duplicate ? 'duplicate' : outlier ? 'outlier' : null
    const released =
      held && random.chance(0.5) ? { by: reporter, at: new Date(at.getTime() + 2 * HOUR) } : null
    const revokedAt = random.chance(REVOKED) ? new Date(at.getTime() + 10 * 60_000) : null
    return {
      id: 0,
      unitId,
      week,
      at,
      reporter,
      items,
      kind: 'report',
      held,
      released,
      revokedAt,
      replaces: [],
    }
  }

  /** /更正 of one indicator the unit reported that week: every standing entry of it is replaced. */
  function correct(planned: Planned[]): Planned | null {
    const last = planned.at(-1)!
    const at = new Date(last.at.getTime() + HOUR)
    const standing = planned.filter((p) => p.revokedAt === null)
    if (at >= now || at >= weekRange(last.week).end || standing.length === 0) return null
    const indicator = random.pick(random.pick(standing).items).indicator
    const replaces = standing.filter((p) => p.items.some((i) => i.indicator === indicator))
    const items = [{ indicator, amount: random.int(1, 6) }]
    return {
      ...last,
      at,
      items,
      kind: 'correction',
      held: null,
      released: null,
      revokedAt: null,
      replaces,
    }
  }

  /** One week's rows: its reports across units in the order they arrived, numbered so. */
  function week(week: string, index: number): WeekRows {
    const planned = unitIds.flatMap((u) => (reports(u, index) ? unitWeek(u, week) : []))
    planned.sort((a, b) => a.at.getTime() - b.at.getTime())
    for (const p of planned) p.id = nextId++
    return rowsOf(planned)
  }

  return { week }
}

export const reportMessageId = (id: number) => `om_scale_r${id}`

function rowsOf(planned: Planned[]): WeekRows {
  const rows: WeekRows = {
    reports: [],
    entries: [],
    revocations: [],
    entryRevocations: [],
    planned,
  }
  for (const p of planned) {
    rows.reports.push({
      id: p.id,
      messageId: reportMessageId(p.id),
      unitId: p.unitId,
      week: p.week,
      reporterOpenId: p.reporter,
      note: null,
      kind: p.kind,
      afterLock: false,
      held: p.held,
      releasedBy: p.released?.by ?? null,
      releasedAt: p.released?.at ?? null,
      createdAt: p.at,
    })
    rows.entries.push(...p.items.map((i) => ({ reportId: p.id, ...i })))
    if (p.revokedAt)
      rows.revocations.push({ reportId: p.id, revokedBy: p.reporter, createdAt: p.revokedAt })
    const indicator = p.items[0]!.indicator
    for (const r of p.replaces) {
      rows.entryRevocations.push({ reportId: r.id, indicator, byReportId: p.id, createdAt: p.at })
    }
  }
  return rows
}
