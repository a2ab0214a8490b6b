import { asc, count, eq } from 'drizzle-orm'
import { normalizeText } from '../../src/domain/normalize'
import type { Build, Db, Write } from '../client'
import { units, type Unit } from '../schema'

export async function listUnits(db: Db, opts: { activeOnly?: boolean } = {}): Promise<Unit[]> {
  const query = db.select().from(units).orderBy(asc(units.id))
  return opts.activeOnly ? query.where(eq(units.active, true)) : query
}

// A name is stored as typed (区财政局（国资办）) and found however it is typed: its full-width
// and half-width forms name one unit.
const nameKey = (name: string) => normalizeText(name)
export const sameName = (a: string, b: string) => nameKey(a) === nameKey(b)

export type UnitMatch = { unit: Unit } | { candidates: Unit[] } | { none: true }

/**
 * A unit by what someone typed: exact name or alias first, then a unique prefix or part of
 * a name. More than one hit is ambiguous and the caller lists the candidates.
 */
export async function matchUnit(db: Db, typed: string): Promise<UnitMatch> {
  const word = nameKey(typed)
  const all = await listUnits(db)
  const names = (u: Unit) => [u.name, ...u.aliases].map(nameKey)
  const exact = all.filter((u) => names(u).includes(word))
  if (exact.length === 1) return { unit: exact[0]! }
  const partial = all.filter((u) => names(u).some((n) => n.includes(word)))
  const pool = partial.some((u) => u.active) ? partial.filter((u) => u.active) : partial
  if (pool.length === 1) return { unit: pool[0]! }
  if (pool.length > 1) return { candidates: pool }
  return { none: true }
}

export async function unitById(db: Db, id: number): Promise<Unit | undefined> {
  return (await db.select().from(units).where(eq(units.id, id)))[0]
}

/**
 * Which of `names` no unit has yet (each once, as first typed), and which one already has: what
 * adding them would add and what it would leave.
 */
export async function unitsToAdd(db: Db, names: string[]) {
  const existing = new Set((await listUnits(db)).map((u) => nameKey(u.name)))
  const fresh = names.filter(
    (n, i) => !existing.has(nameKey(n)) && names.findIndex((m) => sameName(m, n)) === i,
  )
  return { fresh, existing: names.filter((n) => existing.has(nameKey(n))) }
}

/** Adds units by name as of `now` (the fresh ones of unitsToAdd), as a batch's writes. */
export const addUnitsWrites = (names: string[], now: Date): Write[] =>
  names.length > 0
    ? [(db) => db.insert(units).values(names.map((name) => ({ name, createdAt: now })))]
    : []

/** Changes a unit's name, aliases or whether it is active, as a batch's write. */
export const unitWrite =
  (id: number, patch: Partial<Pick<Unit, 'name' | 'active' | 'aliases'>>): Build =>
  (db) =>
    db.update(units).set(patch).where(eq(units.id, id))

export async function countUnits(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(units)
  return row?.n ?? 0
}
