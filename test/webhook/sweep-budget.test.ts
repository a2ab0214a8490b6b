import { describe, expect, it } from 'vitest'
import type { InStatement } from '@libsql/client'
import { createTestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')

describe('the sweep reads only the messages it finishes', () => {
  it('finds due messages through the partial index inbound_messages_sweep', async () => {
    const bot = await createTestBot({ now: () => FRIDAY })
    try {
      const client = bot.deps.database.client
      const seen: InStatement[] = []
      const execute = client.execute.bind(client)
      client.execute = ((stmt: InStatement) => {
        seen.push(stmt)
        return execute(stmt)
      }) as typeof client.execute
      try {
        await bot.runJob('sweep', { now: FRIDAY })
      } finally {
        client.execute = execute
      }
      const read = seen.find((s) => typeof s !== 'string' && /from "inbound_messages"/.test(s.sql))
      const { sql, args } = read as { sql: string; args: never }
      const plan = await client.execute({ sql: `explain query plan ${sql}`, args })
      const detail = plan.rows.map((r) => String(r.detail)).join('\n')
      expect(detail).toMatch(/USING (COVERING )?INDEX inbound_messages_sweep/)
      expect(detail).not.toMatch(/SCAN inbound_messages/)
    } finally {
      await bot.close()
    }
  })
})
