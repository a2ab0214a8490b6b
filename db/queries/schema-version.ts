import { sql } from 'drizzle-orm'
import type { Db } from '../client'

/** How many migrations this database has applied; /healthz reports it as the schema version. */
export async function schemaVersion(db: Db): Promise<number> {
  const rows = await db.all<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`)
  return Number(rows[0]?.n ?? 0)
}
