import { createClient } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Db } from '../../db/client'
import { migrateDatabase } from '../../db/migrate'
import { insertReport } from '../../db/queries/reports'
import { reportContext } from '../../db/queries/report-context'
import * as schema from '../../db/schema'
import { units } from '../../db/schema'

const client = createClient({ url: ':memory:' })
const db = drizzle(client, { schema }) as unknown as Db
const at = new Date('2026-11-27T02:00:00Z')
const report = (items: Array<[string, number]>) =>
  insertReport(db, {
    messageId: `om_${Math.random()}`,
    unitId: 1,
    week: '2026-W48',
    reporterOpenId: 'ou_a',
    note: null,
    createdAt: at,
    items: items.map(([indicator, amount]) => ({ indicator, amount })),
  })
const repeats = async (items: Array<[string, number]>) =>
  (
    await reportContext(db, {
      unitId: 1,
      week: '2026-W48',
      items: items.map(([indicator, amount]) => ({ indicator, amount })),
      sender: 'ou_a',
    })
  ).repeats?.id ?? null

beforeAll(async () => {
  await migrateDatabase(client)
  await db.insert(units).values({ id: 1, name: '区财政局', createdAt: at })
})
afterAll(() => client.close())

it('finds the week’s report with the same figures in any order, and only that one', async () => {
  const first = await report([
    ['study', 3],
    ['lecture', 1],
  ])
  await report([['study', 3]])
  expect(
    await repeats([
      ['lecture', 1],
      ['study', 3],
    ]),
  ).toBe(first)
  expect(
    await repeats([
      ['study', 3],
      ['lecture', 2],
    ]),
  ).toBeNull()
  expect(await repeats([['lecture', 1]])).toBeNull()
  expect(
    await repeats([
      ['study', 3],
      ['lecture', 1],
      ['visit', 2],
    ]),
  ).toBeNull()
  const again = await report([
    ['study', 3],
    ['lecture', 1],
  ])
  expect(
    await repeats([
      ['study', 3],
      ['lecture', 1],
    ]),
  ).toBe(again)
})
