import { createClient, type InStatement } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/client'
import { migrateDatabase } from '../../db/migrate'
import {
  reportingByWeek,
  stockLevelsAt,
  totalsByUnit,
  totalsWrites,
  weekOfUnit,
} from '../../db/queries/totals'
import { reportContext } from '../../db/queries/report-context'
import * as schema from '../../db/schema'

/**
 * SQLite's plan for the totals every card and report reads, and for the writes that keep them,
 * on the migrated schema: each one searches an index for what it needs. A scan of entries is
 * what made /统计 take 1.4 s on two years of data.
 */
const client = createClient({ url: ':memory:' })
const seen: InStatement[] = []
const execute = client.execute.bind(client)
const batch = client.batch.bind(client)
const db = drizzle(client, { schema }) as unknown as Db

beforeAll(async () => {
  await migrateDatabase(client)
  client.execute = ((stmt: InStatement) => {
    seen.push(stmt)
    return execute(stmt)
  }) as typeof client.execute
  client.batch = ((stmts: InStatement[], mode) => {
    seen.push(...stmts)
    return batch(stmts, mode)
  }) as typeof client.batch
})
afterAll(() => client.close())

const explain = async (sql: string, args: unknown) => {
  const plan = await execute({ sql: `explain query plan ${sql}`, args: args as never })
  return plan.rows.map((r) => String(r.detail)).join('\n')
}

/** The plans of the statements a read sends, in order. */
async function plansOf(read: () => Promise<unknown>): Promise<string[]> {
  seen.length = 0
  await read()
  const sent = [...seen] as Array<{ sql: string; args: unknown }>
  return Promise.all(sent.map(({ sql, args }) => explain(sql, args)))
}

/** The plan of the first statement a read sends. */
const planOf = async (read: () => Promise<unknown>) => (await plansOf(read))[0]!

describe('the plans of the totals the cards read', () => {
  it('some weeks across all units (/统计 本周, 本月, the digest): week_totals_week, covered', async () => {
    const plan = await planOf(() => totalsByUnit(db, { weeks: ['2026-W47', '2026-W48'] }))
    expect(plan).toMatch(/SEARCH week_totals USING COVERING INDEX week_totals_week \(week=\?\)/)
    expect(plan).not.toMatch(/SCAN (?!\(subquery)/)
  })

  it('one unit’s weeks (/进度): searched by week and unit', async () => {
    const plan = await planOf(() => totalsByUnit(db, { weeks: ['2026-W48'], unitId: 3 }))
    expect(plan).toMatch(
      /SEARCH week_totals USING COVERING INDEX week_totals_week \(week=\? AND unit_id=\?\)/,
    )
  })

  it('all time: unit_totals, one row per unit and indicator, whatever the history', async () => {
    expect(await planOf(() => totalsByUnit(db))).toMatch(/^SCAN unit_totals$/)
    const one = await planOf(() => totalsByUnit(db, { unitId: 3 }))
    expect(one).toMatch(/SEARCH unit_totals USING .*\(unit_id=\?\)/)
  })

  it('a past week’s cumulative: all time less the few weeks after it, found by week', async () => {
    const [, after] = await plansOf(() => totalsByUnit(db, { through: '2026-W47' }))
    expect(after).toMatch(/SEARCH week_totals USING COVERING INDEX week_totals_week \(week>\?\)/)
    expect(after).not.toMatch(/SCAN week_totals/)
  })

  it('stock levels at a week: one search per unit and stock for its latest week', async () => {
    const plan = await planOf(() => stockLevelsAt(db, ['a', 'b'], { through: '2026-W48' }))
    expect(plan).toMatch(
      /SEARCH w USING COVERING INDEX week_totals_indicator \(indicator=\? AND unit_id=\? AND week<\?\)/,
    )
    expect(plan).not.toMatch(/SCAN (w|week_totals)\b/)
    // Once per pair: a filter on the subquery's result around it made SQLite run it twice.
    expect(plan.match(/CORRELATED SCALAR SUBQUERY/g)).toHaveLength(1)
  })

  it('who reported in the last weeks (/未报, the digest): week_totals_week, covered', async () => {
    const plan = await planOf(() => reportingByWeek(db, ['2026-W47', '2026-W48']))
    expect(plan).toMatch(/SEARCH week_totals USING COVERING INDEX week_totals_week \(week=\?\)/)
  })

  it('a unit’s week (the receipt) and its history (holds): searched by the key', async () => {
    expect(await planOf(() => weekOfUnit(db, 3, '2026-W48'))).toMatch(
      /SEARCH week_totals USING INDEX week_totals_week \(week=\? AND unit_id=\?\)/,
    )
  })

  it('what a /上报 reads, in one round trip: every table searched by a key', async () => {
    const plans = await plansOf(() =>
      reportContext(db, {
        unitId: 3,
        week: '2026-W48',
        items: [{ indicator: 'a', amount: 1 }],
        sender: 'ou_a',
      }),
    )
    expect(plans).toHaveLength(3)
    for (const plan of plans)
      expect(plan).not.toMatch(/SCAN (?!\(subquery|json_each|item VIRTUAL|CONSTANT)/)
    expect(plans[1]).toMatch(/SEARCH week_totals USING .*\(unit_id=\?/)
    expect(plans[2]).toMatch(
      /SEARCH reports USING .*\(((week|unit_id)=\? AND ){1}(week|unit_id)=\?\)/,
    )
  })
})

describe('the plans of the writes that keep them', () => {
  it('recompute one unit’s week from its reports, never scanning a table', async () => {
    for (const { sql, args } of totalsWrites(7)) {
      const plan = await explain(sql, args)
      expect(plan, sql).not.toMatch(/SCAN (entries|reports|week_totals|unit_totals|revocations)/)
    }
    const { sql, args } = totalsWrites(7)[1]!
    const insert = await explain(sql, args)
    expect(insert).toMatch(
      /SEARCH reports USING INDEX reports_unit_week \(unit_id=\? AND week=\?\)/,
    )
    expect(insert).toMatch(/SEARCH entries USING .*\(report_id=\?/)
  })
})
