import { and, desc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm'
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
import { withCountedJoins } from './totals'
import { addWeeks } from '../../src/domain/week'

/**
 * The unit's name, the week lock, the sender's name, when the unit was added and whether it has
 * reported the week before (a receipt says when that one is still missing): one row.
 */
const names = template<{ unitId: number; sender: string; before: string }>((db) =>
  db
    .select({
      unit: sql`(select ${units.name} from ${units} where ${units.id} = ${slot('unitId')})`,
      lock: sql`(select ${settings.value} from ${settings} where ${settings.key} = ${LOCK_KEY})`,
      sender: sql`(select ${people.name} from ${people} where ${people.openId} = ${slot('sender')})`,
      added: sql`(select ${units.createdAt} from ${units} where ${units.id} = ${slot('unitId')})`,
      before: sql`exists (select 1 from ${weekTotals} where ${weekTotals.unitId} = ${slot('unitId')}
        and ${weekTotals.week} = ${slot('before')})`,
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

/**
 * The unit's latest report of the week whose figures still standing are exactly these (a
 * /更正 may have replaced some of its entries): the report this one would repeat. Matched in
 * SQLite, so a unit's hundredth report of a week reads one row, not a hundred reports.
 */
const repeated = template<{ unitId: number; week: string; items: string; count: number }>((db) =>
  withCountedJoins(
    db
      .select({
        id: reports.id,
        reporter: reports.reporterOpenId,
        createdAt: reports.createdAt,
        reporterName: sql`(select ${people.name} from ${people} where ${people.openId} = ${reports.reporterOpenId})`,
      })
      .from(entries)
      .$dynamic(),
  )
    .where(
      and(
        eq(reports.unitId, slot('unitId')),
        eq(reports.week, slot('week')),
        isNull(revocations.reportId),
        isNull(entryRevocations.reportId),
      ),
    )
    .groupBy(reports.id)
    .having(
      sql`count(*) = ${slot('count')} and sum(exists (select 1 from json_each(${slot('items')}) as item
        where item.value ->> 'indicator' = ${entries.indicator}
        and item.value ->> 'amount' = ${entries.amount})) = ${slot('count')}`,
    )
    .orderBy(desc(reports.id))
    .limit(1),
)

/** reporterName: as the bot knows them, '' or null when it does not. */
export type RepeatedReport = {
  id: number
  reporterOpenId: string
  reporterName: string | null
  createdAt: Date
}

/**
 * What recording a report reads, in one round trip: the unit's name, the lock, the sender's
 * name, the unit's figures of the week and before, and the report of the week it repeats with
 * its reporter's name.
 */
export async function reportContext(
  db: Db,
  q: {
    unitId: number
    week: string
    items: ReadonlyArray<{ indicator: string; amount: number }>
    sender: string
  },
) {
  // The same indicators with the same amounts, in any order, make a repeat.
  const figures = new Map(q.items.map((i) => [i.indicator, i.amount]))
  const items = [...figures].map(([indicator, amount]) => ({ indicator, amount }))
  const [head, weeks, same] = await readTogether(db, [
    names({ unitId: q.unitId, sender: q.sender, before: addWeeks(q.week, -1) }),
    unitWeeks({ unitId: q.unitId, week: q.week, keys: JSON.stringify([...figures.keys()]) }),
    repeated({ unitId: q.unitId, week: q.week, items: JSON.stringify(items), count: items.length }),
  ])
  // Rows are read by position, in the order of each template's select.
  const [unit, lock, sender, added, before] = Array.from(head!.rows[0]!)
  const thisWeek: Array<{ indicator: string; amount: number; latest: number }> = []
  const history = new Map<string, number[]>()
  // Each indicator's latest figure before this report (a stock's level): this week's, else
  // that of the latest earlier week.
  const levels = new Map<string, { week: string; latest: number }>()
  for (const [week, indicator, amount, latest] of weeks!.rows.map((r) => Array.from(r))) {
    const figure = { indicator: String(indicator), amount: Number(amount), latest: Number(latest) }
    if (week === q.week) thisWeek.push(figure)
    else history.set(figure.indicator, [...(history.get(figure.indicator) ?? []), figure.amount])
    const known = levels.get(figure.indicator)
    if (!known || String(week) > known.week) {
      levels.set(figure.indicator, { week: String(week), latest: figure.latest })
    }
  }
  const [id, reporter, at, reporterName] = same!.rows[0] ? Array.from(same!.rows[0]) : []
  const repeats: RepeatedReport | null =
    id == null
      ? null
      : {
          id: Number(id),
          reporterOpenId: String(reporter),
          reporterName: reporterName == null ? null : String(reporterName),
          createdAt: new Date(Number(at)),
        }
  return {
    unitName: unit == null ? null : String(unit),
    lock: lock == null ? null : parseLock(String(lock)),
    senderName: sender == null ? null : String(sender),
    unitAdded: added == null ? null : new Date(Number(added)),
    reportedWeekBefore: Boolean(before),
    thisWeek,
    history,
    levels: new Map([...levels].map(([indicator, l]) => [indicator, l.latest])),
    repeats,
  }
}
