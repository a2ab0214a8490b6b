import type { Client } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import { fileURLToPath } from 'node:url'

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/** Applies the committed migrations (Node only: Workers has no filesystem; run db:migrate). */
export async function migrateDatabase(client: Client): Promise<void> {
  if (client.protocol === 'file') await client.execute('PRAGMA journal_mode = WAL')
  await migrate(drizzle(client), { migrationsFolder })
}
