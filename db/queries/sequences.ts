import { eq, sql, type SQL } from 'drizzle-orm'
import type { Statement } from '../client'
import { reports, sequences } from '../schema'
import { template } from '../statements'
import type { Sequence } from '../../src/handlers'

/**
 * A number handed out inside a commit: the batch moves the sequence on first, then its rows
 * (and the stored answer) read it back in SQL. It never goes below the highest id stored, so
 * rows inserted without it (demo data, older code) cannot be handed out twice.
 */
const moveOn: Record<Sequence, (values: Record<string, never>) => Statement> = {
  reports: template((db) =>
    db
      .update(sequences)
      .set({ last: sql`max(${sequences.last}, (select coalesce(max(id), 0) from ${reports})) + 1` })
      .where(eq(sequences.name, 'reports')),
  ),
}

export const nextNumber = (name: Sequence): Statement => moveOn[name]({})

/** The number the commit took for `name`, as SQL for the statements after nextNumber. */
export const sequenceValue = (name: Sequence): SQL =>
  sql`(select ${sequences.last} from ${sequences} where ${sequences.name} = ${name})`
