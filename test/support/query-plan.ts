import type { InStatement } from '@libsql/client'
import type { TestBot } from './bot'

/**
 * SQLite's plan for the first statement a sweep tick runs against `table`, as the sweep ran
 * it: the statements are caught on their way to the database, then explained.
 */
export async function sweepReadPlan(bot: TestBot, table: string, now: Date): Promise<string> {
  const client = bot.deps.database.client
  const seen: InStatement[] = []
  const execute = client.execute.bind(client)
  client.execute = ((stmt: InStatement) => {
    seen.push(stmt)
    return execute(stmt)
  }) as typeof client.execute
  try {
    await bot.runJob('sweep', { now })
  } finally {
    client.execute = execute
  }
  const read = seen.find((s) => typeof s !== 'string' && s.sql.includes(`from "${table}"`))
  if (!read || typeof read === 'string') throw new Error(`the sweep did not read ${table}`)
  const plan = await client.execute({ sql: `explain query plan ${read.sql}`, args: read.args })
  return plan.rows.map((r) => String(r.detail)).join('\n')
}
