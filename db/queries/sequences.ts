import { eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { Statement } from '../client'
import { rectifications, reports, sequences } from '../schema'
import { slot, template } from '../statements'
import type { Sequence } from '../../src/handlers'

/**
 * A number handed out inside a commit: the batch moves the sequence on first, then its rows
 * (and the stored answer) read it back in SQL. It never goes below the highest number stored,
 * so rows inserted without it (demo data, older code) cannot be handed out twice.
 */
const nextReport = template((db) =>
  db
    .update(sequences)
    .set({ last: sql`max(${sequences.last}, (select coalesce(max(id), 0) from ${reports})) + 1` })
    .where(eq(sequences.name, 'reports')),
)

/** A year's 整改 numbers: its row appears with the year's first item. */
const highestSeq = sql`(select coalesce(max(${rectifications.seq}), 0) from ${rectifications} where ${rectifications.year} = ${slot('year')})`
const nextInYear = template<{ name: string; year: number }>((db) =>
  db
    .insert(sequences)
    .values({ name: slot('name'), last: sql`${highestSeq} + 1` })
    .onConflictDoUpdate({
      target: sequences.name,
      set: { last: sql`max(${sequences.last}, ${highestSeq}) + 1` },
    }),
)

const LEDGER = 'rectifications:'

/** The sequence of a year's 整改 codes (Shanghai year): ZG-2026-001, -002, … */
export const ledgerSequence = (year: number): Sequence => `${LEDGER}${year}`

export const nextNumber = (name: Sequence): Statement =>
  name === 'reports'
    ? nextReport({})
    : nextInYear({ name, year: Number(name.slice(LEDGER.length)) })

/** The number the commit took for `name`, as SQL for the statements after nextNumber. */
export const sequenceValue = (name: Sequence): SQL =>
  sql`(select ${sequences.last} from ${sequences} where ${sequences.name} = ${name})`

/**
 * The number the commit took for the sequence `name` names, as a reply shows it: a 整改 code's
 * number has at least three digits (formatCode), a report's is as it is. Null when it took none.
 */
export const numberShown = (name: SQLWrapper): SQL =>
  sql`(select case when ${sequences.name} glob ${`${LEDGER}*`} then printf('%03d', ${sequences.last}) else ${sequences.last} end from ${sequences} where ${sequences.name} = ${name})`
