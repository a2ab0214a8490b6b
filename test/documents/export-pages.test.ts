import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportPages, type ReportRow } from '../../db/queries/entry-rows'
import { createTestBot, type TestBot } from '../support/bot'
import { catchStatements, planOf } from '../support/query-plan'
import { FRIDAY, playCampaign, wang } from './campaign'

let bot: TestBot
beforeAll(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await playCampaign(bot)
})
afterAll(() => bot.close())

async function read(weeks: string[] | null, pageSize?: number) {
  const reports: ReportRow[] = []
  for await (const page of reportPages(bot.deps.database.db, weeks, pageSize)) reports.push(...page)
  return reports
}

/** SQLite's plans for the statements reading the reports, caught on their way to the database. */
async function plans(weeks: string[] | null): Promise<string> {
  const client = bot.deps.database.client
  const seen = await catchStatements(client, () => read(weeks, 2))
  const details = await Promise.all(seen.map((stmt) => planOf(client, stmt)))
  return [...new Set(details.flat())].join('\n')
}

describe('the export reads reports a page at a time', () => {
  it('gives every report once, oldest first, with its entries, across pages', async () => {
    const whole = await read(null)
    expect(whole.map((r) => r.id)).toEqual(
      [...new Set(whole.map((r) => r.id))].sort((a, b) => a - b),
    )
    expect(whole.flatMap((r) => r.entries)).toHaveLength(12)
    for (const r of whole)
      expect(r.entries.map(([key]) => key)).toEqual(r.entries.map(([key]) => key).sort())
    expect(whole.filter((r) => r.revokedBy === wang.openId)).toHaveLength(1)
    expect(await read(null, 2)).toEqual(whole)
    expect(await read(['2026-W48'], 2)).toEqual(whole.filter((r) => r.week === '2026-W48'))
    expect(await read(['2026-W01'])).toEqual([])
  })

  it('finds reports by their id or week and entries through entries_covering, scanning neither', async () => {
    const all = await plans(null)
    expect(all).toContain('SEARCH reports USING INTEGER PRIMARY KEY (rowid>?)')
    expect(all).toContain('SEARCH e USING COVERING INDEX entries_covering (report_id=?)')
    const week = await plans(['2026-W47', '2026-W48'])
    expect(week).toContain('SEARCH reports USING INDEX reports_week_unit (week=?)')
    for (const plan of [all, week]) expect(plan).not.toMatch(/SCAN (reports|entries|e)\b/)
  })
})
