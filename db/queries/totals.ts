import {
  and,
  eq,
  inArray,
  isNotNull,
  isNull,
  ne,
  or,
  sql,
  type Column,
  type SQL,
  type SQLChunk,
} from 'drizzle-orm'
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core'
import type { Db, Statement } from '../client'
import { packed, slot, template } from '../statements'
import { sequenceValue } from './sequences'
import { entries, entryRevocations, reports, revocations, unitTotals, weekTotals } from '../schema'

/**
 * A revocation or a release a handler is about to stage: what counts once it is written, read
 * before it is (the handler's answer shows the week as it will stand).
 */
export type Pending = { revoking?: number; releasing?: number }

/**
 * Whether an entry counts: its report is not revoked, not held back (or released since), and
 * no /更正 replaced this entry's figure; as it will be once `pending` is written. The query
 * joins what it reads with withCountedJoins.
 */
export const counted = (pending: Pending = {}) =>
  and(
    isNull(revocations.reportId),
    pending.revoking === undefined ? undefined : ne(reports.id, pending.revoking),
    isNull(entryRevocations.reportId),
    or(
      isNull(reports.held),
      isNotNull(reports.releasedAt),
      pending.releasing === undefined ? undefined : eq(reports.id, pending.releasing),
    ),
  )!

/** What counted() reads, joined to a query over entries. */
export function withCountedJoins<T extends SQLiteSelect>(query: T) {
  return query
    .innerJoin(reports, eq(reports.id, entries.reportId))
    .leftJoin(revocations, eq(revocations.reportId, reports.id))
    .leftJoin(
      entryRevocations,
      and(
        eq(entryRevocations.reportId, entries.reportId),
        eq(entryRevocations.indicator, entries.indicator),
      ),
    )
}

/** The columns that place an entry: its unit, week and indicator, in whichever table. */
type Place = { unitId: Column; week: Column; indicator: Column }

/**
 * The running totals (week_totals, unit_totals) of what a report touches, recomputed from what
 * counts: that unit's week, for the report's indicators. Every write that changes what counts
 * (a report, a correction, a revocation, a release) ends with these in the same batch; they
 * find the report by id, so they run after its own writes. `report`: the SQL that names it.
 *
 * A new report (or correction) only adds what counts, so every total it touches still has a
 * row afterwards: an upsert of the recomputed rows is enough. A revocation or a release may
 * leave a total with nothing counted, so the rows go first and the recomputed ones come back.
 */
function totalsTemplates(report: SQLChunk, rowsStay: boolean) {
  const unit = sql`(select unit_id from reports where id = ${report})`
  const week = sql`(select week from reports where id = ${report})`
  const indicators = sql`(select indicator from entries where report_id = ${report})`
  const ofUnit = (c: Omit<Place, 'week'>) =>
    sql`${c.unitId} = ${unit} and ${c.indicator} in ${indicators}`
  const ofWeek = (c: Place) => sql`${ofUnit(c)} and ${c.week} = ${week}`
  const counting = { unitId: reports.unitId, week: reports.week, indicator: entries.indicator }
  const weeks = (db: Db) => db.insert(weekTotals).select(weekSums(db, ofWeek(counting)))
  const all = (db: Db) => db.insert(unitTotals).select(unitSums(db, ofUnit(weekTotals)))
  if (rowsStay) {
    const replace = { amount: sql`excluded.amount`, latest: sql`excluded.latest` }
    const { unitId, indicator, week: w } = weekTotals
    return [
      template((db) =>
        weeks(db).onConflictDoUpdate({ target: [unitId, indicator, w], set: replace }),
      ),
      template((db) =>
        all(db).onConflictDoUpdate({
          target: [unitTotals.unitId, unitTotals.indicator],
          set: { amount: sql`excluded.amount`, weeks: sql`excluded.weeks` },
        }),
      ),
    ]
  }
  return [
    template((db) => db.delete(weekTotals).where(ofWeek(weekTotals))),
    template(weeks),
    template((db) => db.delete(unitTotals).where(ofUnit(unitTotals))),
    template(all),
  ]
}

const ofNewReport = totalsTemplates(sequenceValue('reports'), true)
const ofReport = totalsTemplates(slot('report'), false)

/** The totals refresh for the report this commit numbers (see Context.newId), or for `report`. */
export const totalsWrites = (report?: number): Statement[] =>
  report === undefined ? ofNewReport.map((t) => t({})) : ofReport.map((t) => t({ report }))

/** Every running total recomputed from the entries: after a bulk load, and to check them. */
export async function rebuildTotals(db: Db) {
  await db.delete(weekTotals)
  await db.insert(weekTotals).select(weekSums(db))
  await db.delete(unitTotals)
  await db.insert(unitTotals).select(unitSums(db))
}

/**
 * What counts, per unit, indicator and week: the sum, and the figure of the highest report id
 * (SQLite takes a bare column from the row that gave the single max()).
 */
function weekSums(db: Db, scope?: SQL, pending?: Pending) {
  const query = db
    .select({
      unitId: reports.unitId,
      indicator: entries.indicator,
      week: reports.week,
      amount: sql<number>`sum(${entries.amount})`.as('amount'),
      latest: sql<number>`${entries.amount}`.as('latest'),
      lastId: sql<number>`max(${reports.id})`.as('last_id'),
    })
    .from(entries)
    .$dynamic()
  const sums = withCountedJoins(query)
    .where(and(counted(pending), scope))
    .groupBy(reports.unitId, entries.indicator, reports.week)
    .as('sums')
  const { unitId, indicator, week, amount, latest } = sums
  // `where true`: an INSERT … SELECT … FROM sub ON CONFLICT would read ON as a join's.
  return db
    .select({ unitId, indicator, week, amount, latest })
    .from(sums)
    .where(sql`true`)
}

function unitSums(db: Db, scope?: SQL) {
  return db
    .select({
      unitId: weekTotals.unitId,
      indicator: weekTotals.indicator,
      amount: sql<number>`sum(${weekTotals.amount})`.as('amount'),
      weeks: sql<number>`count(*)`.as('weeks'),
    })
    .from(weekTotals)
    .where(scope)
    .groupBy(weekTotals.unitId, weekTotals.indicator)
}

export type UnitTotal = { unitId: number; indicator: string; total: number }

/** Some weeks, or all time up to and including the week `through` (neither: all time). */
export type TotalsFilter = { weeks?: string[] | null; through?: string; unitId?: number }

/**
 * Sums of entries that count, per unit and indicator. All time is unit_totals as it stands,
 * less the weeks after `through`: a recent week's cumulative reads a few rows, not history.
 */
export async function totalsByUnit(db: Db, filter: TotalsFilter = {}): Promise<UnitTotal[]> {
  const { weeks, through, unitId } = filter
  const ofUnit = unitId === undefined ? sql`` : sql`and unit_id = ${unitId}`
  if (weeks) {
    const sums = await weekSumsOf(db, sql`week in ${weeks} ${ofUnit}`)
    return sums.map(({ unitId, indicator, total }) => ({ unitId, indicator, total }))
  }
  const [all, after] = await Promise.all([
    packed<[number, string, number, number]>(
      db,
      sql`unit_id, indicator, amount, weeks`,
      sql`select * from ${unitTotals} where 1 ${ofUnit}`,
    ),
    through === undefined ? [] : weekSumsOf(db, sql`week > ${through} ${ofUnit}`),
  ])
  const later = new Map(after.map((r) => [`${r.unitId}:${r.indicator}`, r]))
  // A unit's indicator reported only after `through` has no cumulative at all by then.
  return all.flatMap(([unitId, indicator, total, weeks]) => {
    const after = later.get(`${unitId}:${indicator}`)
    if (!after) return [{ unitId, indicator, total }]
    return after.weeks < weeks ? [{ unitId, indicator, total: total - after.total }] : []
  })
}

/** Sums over some weeks per unit and indicator, and in how many of them each had a figure. */
async function weekSumsOf(db: Db, where: SQL) {
  const rows = await packed<[number, string, number, number]>(
    db,
    sql`unit_id, indicator, total, weeks`,
    // `+`: grouping by the bare columns, SQLite walks the (indicator, unit, week) index in
    // order over every week of history rather than find the few weeks and sort them.
    sql`select unit_id, indicator, sum(amount) as total, count(*) as weeks from ${weekTotals}
      where ${where} group by +unit_id, +indicator`,
  )
  return rows.map(([unitId, indicator, total, weeks]) => ({ unitId, indicator, total, weeks }))
}

/**
 * Each unit's level of each given stock at the end of the week `through` (none: now): the
 * figure of its latest week up to then. A later week's figure replaces an earlier one; within a
 * week, the latest report's (week_totals.latest).
 */
export async function stockLevelsAt(
  db: Db,
  indicators: string[],
  bound: { through?: string } = {},
): Promise<UnitTotal[]> {
  if (indicators.length === 0) return []
  const upTo = bound.through ? sql`and week <= ${bound.through}` : sql``
  // Each unit's stock that has a total at all (unit_totals) looks up its one latest week: a
  // search per pair, not a walk through every week of every unit's history. A pair with no
  // week up to then is dropped here: a `where latest is not null` around it made SQLite search
  // every pair twice.
  const rows = await packed<[number, string, number | null]>(
    db,
    sql`unit_id, indicator, latest`,
    sql`select unit_id, indicator, (select latest from ${weekTotals} as w
        where w.unit_id = u.unit_id and w.indicator = u.indicator ${upTo}
        order by w.week desc limit 1) as latest
      from ${unitTotals} as u where indicator in ${indicators}`,
  )
  return rows.flatMap(([unitId, indicator, total]) =>
    total === null ? [] : [{ unitId, indicator, total }],
  )
}

/**
 * One unit's week: per indicator, the sum and the latest figure; with `pending`, as it will
 * stand once that is written (summed from its entries, a few rows).
 */
export async function weekOfUnit(
  db: Db,
  unitId: number,
  week: string,
  pending?: Pending,
): Promise<Array<{ indicator: string; amount: number; latest: number }>> {
  if (pending) {
    return weekSums(db, and(eq(reports.unitId, unitId), eq(reports.week, week)), pending)
  }
  return db
    .select({
      indicator: weekTotals.indicator,
      amount: weekTotals.amount,
      latest: weekTotals.latest,
    })
    .from(weekTotals)
    .where(and(eq(weekTotals.unitId, unitId), eq(weekTotals.week, week)))
}

/** The campaign's first week with a figure reported, or null before anything is. */
export async function firstReportedWeek(db: Db): Promise<string | null> {
  const [row] = await db
    .select({ week: sql<string | null>`min(${weekTotals.week})` })
    .from(weekTotals)
    .where(sql`${weekTotals.amount} > 0`)
  return row?.week ?? null
}

/** Which units had a counted figure in each of the given weeks. */
export async function reportingByWeek(db: Db, weeks: string[]): Promise<Map<string, Set<number>>> {
  const rows = await packed<[string, number[]]>(
    db,
    sql`week, json(units)`,
    sql`select week, json_group_array(distinct unit_id) as units from ${weekTotals}
      where week in ${weeks} group by week`,
  )
  const by = new Map(weeks.map((w) => [w, new Set<number>()]))
  for (const [week, units] of rows) for (const unit of units) by.get(week)?.add(unit)
  return by
}

/** The district's sum of each indicator in each of the given weeks: a trend. */
export async function districtByWeek(db: Db, weeks: string[], indicators: string[]) {
  return db
    .select({
      week: weekTotals.week,
      indicator: weekTotals.indicator,
      total: sql<number>`sum(${weekTotals.amount})`.mapWith(Number),
    })
    .from(weekTotals)
    .where(and(inArray(weekTotals.week, weeks), inArray(weekTotals.indicator, indicators)))
    .groupBy(weekTotals.week, weekTotals.indicator)
}
