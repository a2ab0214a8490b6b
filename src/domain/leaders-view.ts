import type { Completion, Paced } from './targets'

/** Reported units over units expected to report, in one week or summed over several. */
export type Rate = { reported: number; expected: number; percent: number }

const rate = (reported: number, expected: number): Rate => ({
  reported,
  expected,
  percent: expected === 0 ? 0 : Math.round((reported * 100) / expected),
})

/** A unit as the reporting counts see it: expected to report from `createdWeek` on. */
export type ExpectedUnit = { id: number; name: string; createdWeek: string }

/** 上报率 in each of `weeks`: a unit counts from the week it was added, not before. */
export function weeklyRates(
  units: ExpectedUnit[],
  weeks: string[],
  reporting: Map<string, Set<number>>,
): Rate[] {
  return weeks.map((week) => {
    const expected = units.filter((u) => u.createdWeek <= week)
    return rate(expected.filter((u) => reporting.get(week)?.has(u.id)).length, expected.length)
  })
}

/**
 * How many weeks in a row, up to the last of `weeks`, a unit has not reported: counted back to
 * the week it was added at most, and no further back than `weeks` reaches.
 */
export function missedInARow(
  unit: ExpectedUnit,
  weeks: string[],
  reporting: Map<string, Set<number>>,
): number {
  let missed = 0
  for (const week of [...weeks].reverse()) {
    if (week < unit.createdWeek || reporting.get(week)?.has(unit.id)) break
    missed++
  }
  return missed
}

/** Missed this many weeks in a row or more: a unit a leader should ask about. */
export const LAGGING_WEEKS = 2

export type Ranked = { rank: number; tied: boolean; name: string; percent: number; targets: number }

/**
 * Units with targets ranked by their average completion: equal completions share a rank (1, 1,
 * 3) and say 并列, so a tie is never read as an order.
 */
export function rankByCompletion(units: Map<number, string>, completions: Completion[]): Ranked[] {
  const byUnit = new Map<number, Completion[]>()
  for (const c of completions) {
    if (c.unitId !== null) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c])
  }
  const rows = [...byUnit].map(([id, cs]) => ({
    name: units.get(id) ?? `单位 ${id}`,
    percent: Math.floor(cs.reduce((n, c) => n + Math.min(c.percent, 100), 0) / cs.length),
    targets: cs.length,
  }))
  rows.sort((a, b) => b.percent - a.percent || a.name.localeCompare(b.name, 'zh-CN'))
  return rows.map((r) => {
    const rank = 1 + rows.filter((o) => o.percent > r.percent).length
    const tied = rows.filter((o) => o.percent === r.percent).length > 1
    return { ...r, rank, tied }
  })
}

/** Days from a deadline (YYYY-MM-DD) to today, both Shanghai calendar dates. */
export const daysPast = (deadline: string, today: string) =>
  Math.round((Date.parse(today) - Date.parse(deadline)) / 86_400_000)

/** An overdue item as the digest names it. */
export type OverdueItem = {
  code: string
  problem: string
  unit: string
  lead: string
  days: number
}

/** One key indicator's weekly figures over the trend's weeks. */
export type Series = { name: string; values: number[] }

/** What the leaders' digest adds to the week's figures: who is behind, and on what. */
export type LeadersView = {
  /** 上报率 in each of the last RECENT_WEEKS, the digest's week last. */
  rates: Rate[]
  /** Units with targets, by completion; empty when no unit has one. */
  ranking: Ranked[]
  /** The district's targets against the cumulative and the time gone at the week's end. */
  completion: Paced[]
  overdue: { total: number; worst: OverdueItem[] }
  /**
   * The district's weekly figures of the key indicators: whole weeks only, from the campaign's
   * first reported week, oldest first.
   */
  trend: { weeks: string[]; series: Series[] }
}

/** 上报率 over this many weeks beside the week's own. */
export const RECENT_WEEKS = 4
/** Weeks the trend chart spans at most, and how far back a streak of missed weeks is counted. */
export const TREND_WEEKS = 8
