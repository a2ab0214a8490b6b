import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../client'
import {
  entries,
  entryRevocations,
  people,
  reports,
  revocations,
  settings,
  units,
  weekTotals,
} from '../schema'
import { readTogether, slot, template } from '../statements'
import { LOCK_KEY, parseLock } from './locks'

/** The unit's name, the week lock and the sender's name: one row. */
const names = template<{ unitId: number; sender: string }>((db) =>
  db
    .select({
      unit: sql`(select ${units.name} from ${units} where ${units.id} = ${slot('unitId')})`,
      lock: sql`(select ${settings.value} from ${settings} where ${settings.key} = ${LOCK_KEY})`,
      sender: sql`(select ${people.name} from ${people} where ${people.openId} = ${slot('sender')})`,
    })
    .from(sql`(select 1)`),
)

/** The unit's week, and its earlier weeks of the indicators being reported (the history). */
const unitWeeks = template<{ unitId: number; week: string; keys: string }>((db) =>
  db
    .select({
      week: weekTotals.week,
      indicator: weekTotals.indicator,
      amount: weekTotals.amount,
      latest: weekTotals.latest,
    })
    .from(weekTotals)
    .where(
      and(
        eq(weekTotals.unitId, slot('unitId')),
        or(
          eq(weekTotals.week, slot('week')),
          and(
            lt(weekTotals.week, slot('week')),
            inArray(weekTotals.indicator, sql`(select value from json_each(${slot('keys')}))`),
          ),
        ),
      ),
    ),
)

/** The unit's reports of the week still standing, each entry with whether a /更正 replaced it. */
const weekReports = template<{ unitId: number; week: string }>((db) =>
  db
    .select({
      id: reports.id,
      reporter: reports.reporterOpenId,
      createdAt: reports.createdAt,
      indicator: entries.indicator,
      amount: entries.amount,
      replaced: sql`${entryRevocations.reportId} is not null`,
    })
    .from(reports)
    .innerJoin(entries, eq(entries.reportId, reports.id))
    .leftJoin(revocations, eq(revocations.reportId, reports.id))
    .leftJoin(
      entryRevocations,
      and(
        eq(entryRevocations.reportId, entries.reportId),
        eq(entryRevocations.indicator, entries.indicator),
      ),
    )
    .where(
      and(
        eq(reports.unitId, slot('unitId')),
        eq(reports.week, slot('week')),
        isNull(revocations.reportId),
      ),
    )
    .orderBy(reports.id, sql`${entries}.rowid`),
)

export type SameWeekReport = {
  id: number
  reporterOpenId: string
  createdAt: Date
  items: Array<{ indicator: string; amount: number; replaced: boolean }>
}

/**
 * What recording a report reads, in one round trip: the unit's name, the lock, the sender's
 * name, the unit's figures of the week and before, and its reports of the week.
 */
export async function reportContext(
  db: Db,
  q: { unitId: number; week: string; indicators: string[]; sender: string },
) {
  const [head, weeks, same] = await readTogether(db, [
    names({ unitId: q.unitId, sender: q.sender }),
    unitWeeks({ unitId: q.unitId, week: q.week, keys: JSON.stringify(q.indicators) }),
    weekReports({ unitId: q.unitId, week: q.week }),
  ])
  // Rows are read by position, in the order of each template's select.
  const [unit, lock, sender] = Array.from(head!.rows[0]!)
  const thisWeek: Array<{ indicator: string; amount: number; latest: number }> = []
  const history = new Map<string, number[]>()
  for (const [week, indicator, amount, latest] of weeks!.rows.map((r) => Array.from(r))) {
    const figure = { indicator: String(indicator), amount: Number(amount), latest: Number(latest) }
    if (week === q.week) thisWeek.push(figure)
    else history.set(figure.indicator, [...(history.get(figure.indicator) ?? []), figure.amount])
  }
  const sameWeek: SameWeekReport[] = []
  for (const [id, reporter, at, indicator, amount, replaced] of same!.rows.map((r) =>
    Array.from(r),
  )) {
    let report = sameWeek.at(-1)
    if (report?.id !== Number(id)) {
      const createdAt = new Date(Number(at))
      sameWeek.push(
        (report = { id: Number(id), reporterOpenId: String(reporter), createdAt, items: [] }),
      )
    }
    report.items.push({
      indicator: String(indicator),
      amount: Number(amount),
      replaced: Boolean(replaced),
    })
  }
  return {
    unitName: unit == null ? null : String(unit),
    lock: lock == null ? null : parseLock(String(lock)),
    senderName: sender == null ? null : String(sender),
    thisWeek,
    history,
    sameWeek,
  }
}
