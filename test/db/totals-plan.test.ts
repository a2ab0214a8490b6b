import { createClient, type InStatement } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/client'
import { migrateDatabase } from '../../db/migrate'
import { totalsByUnit, type TotalsFilter } from '../../db/queries/reports'
import * as schema from '../../db/schema'

/**
 * SQLite's plan for the totals every card and report reads, on the migrated schema: the
 * indexes they need are there and used (a full scan of entries is what made /统计 slow on
 * two years of data).
 */
const client = createClient({ url: ':memory:' })
const seen: InStatement[] = []
const execute = client.execute.bind(client)
const db = drizzle(client, { schema }) as unknown as Db

beforeAll(async () => {
  await migrateDatabase(client)
  client.execute = ((stmt: InStatement) => {
    seen.push(stmt)
    return execute(stmt)
  }) as typeof client.execute
})
afterAll(() => client.close())

async function planOf(filter: TotalsFilter): Promise<string> {
  seen.length = 0
  await totalsByUnit(db, filter)
  const { sql, args } = seen[0] as { sql: string; args: never }
  const plan = await execute({ sql: `explain query plan ${sql}`, args })
  return plan.rows.map((r) => String(r.detail)).join('\n')
}

describe('the totals query plan', () => {
  it('searches one week across all units by reports_week_unit, reading entries covered', async () => {
    const plan = await planOf({ weeks: ['2026-W48'] })
    expect(plan).toMatch(/SEARCH reports USING (COVERING )?INDEX reports_week_unit \(week=\?\)/)
    expect(plan).toMatch(/SEARCH entries USING COVERING INDEX entries_covering \(report_id=\?\)/)
    expect(plan).not.toMatch(/SCAN (reports|entries)/)
  })

  it('searches one unit’s week by reports_unit_week', async () => {
    const plan = await planOf({ weeks: ['2026-W48'], unitId: 3 })
    expect(plan).toMatch(/SEARCH reports USING (COVERING )?INDEX reports_(unit_week|week_unit)/)
    expect(plan).not.toMatch(/SCAN (reports|entries)/)
  })
})
