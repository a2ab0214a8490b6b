import { and, count, desc, eq, gte, inArray } from 'drizzle-orm'
import type { Db } from '../client'
import { weekTotals } from '../schema'

/**
 * The indicators a unit's report form offers first: those it reported since `sinceWeek`, then
 * the district's most reported, `max` in all; and each stock's latest level for the unit.
 */
export async function formIndicators(
  db: Db,
  opts: { unitId: number; sinceWeek: string; reportable: string[]; stocks: string[]; max: number },
): Promise<{ keys: string[]; levels: Map<string, number> }> {
  const [recent, common, stockRows] = await Promise.all([
    db
      .selectDistinct({ indicator: weekTotals.indicator })
      .from(weekTotals)
      .where(and(eq(weekTotals.unitId, opts.unitId), gte(weekTotals.week, opts.sinceWeek))),
    db
      .select({ indicator: weekTotals.indicator, n: count() })
      .from(weekTotals)
      .groupBy(weekTotals.indicator)
      .orderBy(desc(count()), weekTotals.indicator),
    db
      .select({ indicator: weekTotals.indicator, week: weekTotals.week, latest: weekTotals.latest })
      .from(weekTotals)
      .where(and(eq(weekTotals.unitId, opts.unitId), inArray(weekTotals.indicator, opts.stocks))),
  ])
  const allowed = new Set(opts.reportable)
  const ordered = [
    ...opts.reportable.filter((k) => recent.some((r) => r.indicator === k)),
    ...common.map((c) => c.indicator),
    ...opts.reportable,
  ]
  const keys = [...new Set(ordered.filter((k) => allowed.has(k)))].slice(0, opts.max)
  const levels = new Map<string, number>()
  for (const row of [...stockRows].sort((a, b) => a.week.localeCompare(b.week))) {
    levels.set(row.indicator, row.latest)
  }
  return { keys, levels }
}
