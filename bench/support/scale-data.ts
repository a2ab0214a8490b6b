import { createClient } from '@libsql/client'
import { count, eq, getTableColumns } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from '../../db/client'
import { migrateDatabase } from '../../db/migrate'
import { CHAT_SETTINGS, DIGEST_DELIVERY, DIGEST_MODES, setSetting } from '../../db/queries/settings'
import { rebuildTotals } from '../../db/queries/totals'
import * as schema from '../../db/schema'
import { catalog } from '../../src/domain/catalog'
import { addWeeks, weekKey, weekRange } from '../../src/domain/week'
import { createLedger, jobRows } from './scale-ledger'
import { pendingMessages, weekMessages } from './scale-messages'
import { createWeeks } from './scale-weeks'
import {
  adminId,
  createRandom,
  createWorld,
  LEADERS_CHAT,
  LIAISONS_CHAT,
  type ScaleParams,
} from './scale-world'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))
const DATA_DIR = here('../../data/')
const MIGRATIONS = here('../../db/migrations/')
/**
 * What the cache key reads besides the migrations (every one, as one may be edited in place
 * before it is released): the schema the rows are typed by, the running totals' rebuild (what
 * those tables hold), and the generator itself.
 */
const KEYED_FILES = [
  '../../db/schema.ts',
  '../../db/queries/totals.ts',
  './scale-data.ts',
  './scale-ledger.ts',
  './scale-messages.ts',
  './scale-weeks.ts',
  './scale-world.ts',
].map(here)
/** SQLite's limit on bound values in one statement is 32,766. */
const MAX_VALUES = 32_000
const WEEKS_PER_TRANSACTION = 4

export type ScaleCounts = {
  units: number
  people: number
  reports: number
  entries: number
  rectifications: number
  history: number
  messages: number
}
export type ScaleDb = {
  path: string
  cached: boolean
  seconds: number
  bytes: number
  counts: ScaleCounts
}

/** The weeks the data spans: `weeks` of them, ending with the one `now` is in. */
export const weeksOf = (params: ScaleParams) =>
  Array.from({ length: params.weeks }, (_, i) =>
    addWeeks(weekKey(params.now), i - params.weeks + 1),
  )

/**
 * The generated database for these parameters, from data/ when one was made with the same
 * migrations and generator, else generated (into a temporary file, renamed once complete).
 */
export async function ensureScaleDb(params: ScaleParams): Promise<ScaleDb> {
  const prefix = `scale-${params.units}x${params.weeks}-${params.seed}-`
  const path = join(DATA_DIR, `${prefix}${cacheKey(params)}.db`)
  const started = performance.now()
  const cached = existsSync(path)
  if (!cached) {
    mkdirSync(DATA_DIR, { recursive: true })
    // Files of an older schema or generator; not another process's generation under way.
    const stale = readdirSync(DATA_DIR).filter(
      (f) => f.startsWith(prefix) && !f.includes('.partial-'),
    )
    for (const file of stale) rmSync(join(DATA_DIR, file), { force: true })
    const partial = `${path}.partial-${process.pid}`
    await generate(params, partial)
    renameSync(partial, path)
  }
  const seconds = (performance.now() - started) / 1000
  return { path, cached, seconds, bytes: statSync(path).size, counts: await countRows(path) }
}

function cacheKey(params: ScaleParams) {
  const hash = createHash('sha256').update(params.now.toISOString())
  const migrations = readdirSync(MIGRATIONS, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.sql') || f.endsWith('_journal.json'))
    .sort()
    .map((f) => join(MIGRATIONS, f))
  for (const file of [...migrations, ...KEYED_FILES]) hash.update(readFileSync(file))
  return hash.digest('hex').slice(0, 10)
}

async function generate(params: ScaleParams, file: string) {
  const client = createClient({ url: `file:${file}` })
  try {
    await migrateDatabase(client)
    // A file nobody else reads until it is renamed: a crash leaves a partial file, not a cache.
    await client.execute('PRAGMA synchronous = OFF')
    const db = drizzle(client, { schema })
    await fill(db, params)
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  } finally {
    client.close()
  }
  for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true })
}

async function fill(db: Db, params: ScaleParams) {
  const random = createRandom(params.seed)
  const weeks = weeksOf(params)
  const start = weekRange(weeks[0]!).start
  const { now } = params
  const world = createWorld(params, random, new Date(start.getTime() - 7 * 86_400_000))
  await db.transaction(async (tx) => {
    await insertAll(tx, schema.units, world.units)
    await insertAll(tx, schema.people, world.people)
    await setSetting(tx, CHAT_SETTINGS.leaders, LEADERS_CHAT, start)
    await setSetting(tx, CHAT_SETTINGS.liaisons, LIAISONS_CHAT, start)
    // The issue times the digest to every leader: privately, and in their group.
    await setSetting(tx, DIGEST_DELIVERY, DIGEST_MODES.两者, start)
    await insertAll(tx, schema.officeFigures, officeFigures(random, start, now))
  })
  const plan = createWeeks(world, random, now)
  let lastId = 0
  for (let i = 0; i < weeks.length; i += WEEKS_PER_TRANSACTION) {
    await db.transaction(async (tx) => {
      for (const [j, week] of weeks.slice(i, i + WEEKS_PER_TRANSACTION).entries()) {
        const rows = plan.week(week, i + j)
        await insertAll(tx, schema.reports, rows.reports)
        await insertAll(tx, schema.entries, rows.entries)
        await insertAll(tx, schema.revocations, rows.revocations)
        await insertAll(tx, schema.entryRevocations, rows.entryRevocations)
        await insertAll(
          tx,
          schema.inboundMessages,
          weekMessages(rows.planned, week, { random, world, now }),
        )
        lastId = rows.planned.at(-1)?.id ?? lastId
      }
    })
  }
  const ledger = createLedger(world, random, { start, now, weeks: weeks.length })
  await db.transaction(async (tx) => {
    await insertAll(tx, schema.rectifications, ledger.items)
    await insertAll(tx, schema.rectificationHistory, ledger.history)
    await insertAll(tx, schema.jobDeliveries, jobRows(world, weeks, now))
    await insertAll(tx, schema.inboundMessages, pendingMessages(world, random, now))
    await tx
      .update(schema.sequences)
      .set({ last: lastId })
      .where(eq(schema.sequences.name, 'reports'))
    // The commands keep the running totals as they write; a bulk load goes around them, so
    // they are worked out once from the entries, as the migration that added them did.
    await rebuildTotals(tx)
  })
}

/** Each of the office's own figures set two or three times with /填报 over the span. */
function officeFigures(random: ReturnType<typeof createRandom>, start: Date, now: Date) {
  const span = now.getTime() - start.getTime()
  return catalog.all
    .filter((i) => i.kind === 'office')
    .flatMap((i) =>
      Array.from({ length: random.int(2, 3) }, () => ({
        indicator: i.key,
        amount: random.int(5, 60),
        setBy: adminId(0),
        createdAt: new Date(start.getTime() + random.next() * span),
      })),
    )
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}

/** Multi-row INSERTs, each as large as SQLite takes. */
async function insertAll<T extends SQLiteTable>(db: Db, table: T, rows: Array<T['$inferInsert']>) {
  const size = Math.floor(MAX_VALUES / Object.keys(getTableColumns(table)).length)
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size))
}

async function countRows(path: string): Promise<ScaleCounts> {
  const client = createClient({ url: `file:${path}` })
  const db = drizzle(client, { schema })
  const n = async (table: SQLiteTable) => (await db.select({ n: count() }).from(table))[0]!.n
  try {
    return {
      units: await n(schema.units),
      people: await n(schema.people),
      reports: await n(schema.reports),
      entries: await n(schema.entries),
      rectifications: await n(schema.rectifications),
      history: await n(schema.rectificationHistory),
      messages: await n(schema.inboundMessages),
    }
  } finally {
    client.close()
  }
}
