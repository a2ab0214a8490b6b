import { servedPeriods } from '../../db/queries/job-deliveries'
import { liaisonsOf } from '../../db/queries/people'
import { rectificationSummaries } from '../../db/queries/rectifications'
import { reportingUnitIds, totals } from '../../db/queries/reports'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import type { Catalog } from '../domain/catalog'
import { weeksOf } from '../domain/period'
import { DIGEST_FIGURE, rectificationFigures } from '../domain/report-figures'
import { shanghaiDate, type Period } from '../domain/week'

/**
 * Every value a report template can name, for one period: indicator totals (the same sums as
 * /统计), unit counts, digests sent and ledger counts. Names without data are 0, never missing.
 */
export async function reportFigures(db: Db, catalog: Catalog, period: Period, now: Date) {
  const weeks = weeksOf(period)
  const values = new Map<string, number | string>()
  const sums = await totals(db, { weeks })
  for (const ind of catalog.all) values.set(ind.name, sums.get(ind.key) ?? 0)

  const active = await listUnits(db, { activeOnly: true })
  const activeIds = active.map((u) => u.id)
  values.set('单位.参学', active.length)
  values.set('单位.联络员', (await liaisonsOf(db, activeIds)).length)
  values.set('单位.上报', (await reportingUnitIds(db, weeks)).size)
  values.set(DIGEST_FIGURE, await digestWeeks(db, weeks))

  const range = period.start && period.end ? { start: period.start, end: period.end } : null
  for (const [name, n] of rectificationFigures(await rectificationSummaries(db), range))
    values.set(name, n)

  const [, month, day] = shanghaiDate(now).split('-').map(Number)
  values.set('期间', period.dates)
  values.set('日期', `${month}月${day}日`)
  return values
}

/** Weeks (within the period) whose digest reached at least one recipient. */
async function digestWeeks(db: Db, weeks: string[] | null): Promise<number> {
  const periods = await servedPeriods(db, 'digest')
  return periods.filter((p) => !weeks || weeks.includes(p)).length
}
