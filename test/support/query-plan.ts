import type { Client, InStatement } from '@libsql/client'
import type { TestBot } from './bot'

/** The statements `run` sends through the client, caught on their way to the database. */
export async function catchStatements(client: Client, run: () => Promise<unknown>) {
  const seen: InStatement[] = []
  const execute = client.execute.bind(client)
  client.execute = ((stmt: InStatement) => {
    seen.push(stmt)
    return execute(stmt)
  }) as typeof client.execute
  try {
    await run()
  } finally {
    client.execute = execute
  }
  return seen
}

/** SQLite's plan for one statement, a line per step. */
export async function planOf(client: Client, stmt: InStatement): Promise<string[]> {
  const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: [] } : stmt
  const plan = await client.execute({ sql: `explain query plan ${sql}`, args })
  return plan.rows.map((r) => String(r.detail))
}

/**
 * SQLite's plan for the first statement a sweep tick runs against `table`, as the sweep ran
 * it: the statements are caught on their way to the database, then explained.
 */
export async function sweepReadPlan(bot: TestBot, table: string, now: Date): Promise<string> {
  const client = bot.deps.database.client
  const seen = await catchStatements(client, () => bot.runJob('sweep', { now }))
  const read = seen.find((s) => typeof s !== 'string' && s.sql.includes(`from "${table}"`))
  if (!read || typeof read === 'string') throw new Error(`the sweep did not read ${table}`)
  return (await planOf(client, read)).join('\n')
}
