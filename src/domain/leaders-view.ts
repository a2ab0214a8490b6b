import type { Completion } from './targets'

/** Reported units over units expected to report, in one week or summed over several. */
export type Rate = { reported: number; expected: number; percent: number }

const rate = (reported: number, expected: number): Rate => ({
  reported,
  expected,
  percent: expected === 0 ? 0 : Math.round((reported * 100) / expected),
})

type Unit = { id: number; name: string; createdWeek: string }

/**
 * 上报率 for the last of `weeks` and over all of them: a unit counts in a week from the week it
 * was added, so a unit added on Thursday is not behind for the weeks before.
 */
export function reportingRates(
  units: Unit[],
  weeks: string[],
  reporting: Map<string, Set<number>>,
) {
  const last = weeks.at(-1)!
  const expectedIn = (week: string) => units.filter((u) => u.createdWeek <= week)
  const reportedIn = (week: string) =>
    expectedIn(week).filter((u) => reporting.get(week)?.has(u.id)).length
  return {
    week: rate(reportedIn(last), expectedIn(last).length),
    recent: rate(
      weeks.reduce((n, w) => n + reportedIn(w), 0),
      weeks.reduce((n, w) => n + expectedIn(w).length, 0),
    ),
  }
}

export type Lagging = { name: string; missed: number }

/**
 * Units that missed the last `min` weeks or more in a row, longest streak first: the ones a
 * leader should ask about. The streak counts back from the last week, to the week the unit was
 * added at most.
 */
export function laggingUnits(
  units: Unit[],
  weeks: string[],
  reporting: Map<string, Set<number>>,
  min = 2,
): Lagging[] {
  const lagging: Lagging[] = []
  for (const u of units) {
    let missed = 0
    for (const week of [...weeks].reverse()) {
      if (week < u.createdWeek || reporting.get(week)?.has(u.id)) break
      missed++
    }
    if (missed >= min) lagging.push({ name: u.name, missed })
  }
  return lagging.sort((a, b) => b.missed - a.missed || a.name.localeCompare(b.name, 'zh-CN'))
}

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

export type OverdueItem = {
  code: string
  problem: string
  unit: string
  lead: string
  days: number
}

/** What the leaders' digest adds to the week's figures: who is behind, and on what. */
export type LeadersView = {
  /** 上报率 this week and over the last RECENT_WEEKS. */
  rates: { week: Rate; recent: Rate }
  lagging: Lagging[]
  /** Units with targets, by completion; empty when no unit has one. */
  ranking: Ranked[]
  /** The district's targets against the cumulative figures at the week's end. */
  completion: Completion[]
  overdue: { total: number; worst: OverdueItem[] }
  /** The district's weekly figures of the key indicators, oldest week first. */
  trend: { weeks: string[]; series: Array<{ name: string; values: number[] }> }
}

/** 上报率 over this many weeks beside the week's own. */
export const RECENT_WEEKS = 4
/** Weeks the trend chart spans. */
export const TREND_WEEKS = 8
