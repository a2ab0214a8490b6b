import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm'
import { personLabel } from '../../src/domain/names'
import type { Actor } from '../../src/domain/permissions'
import type { Build, Db } from '../client'
import { people, units } from '../schema'
import { reusable, slot } from '../statements'

export async function findPerson(db: Db, openId: string) {
  const rows = await db.select().from(people).where(eq(people.openId, openId)).limit(1)
  return rows[0]
}

/** Every message and click reads this first: its SQL is built once. */
const actorQuery = reusable((db) =>
  db
    .select({ role: people.role, unitId: people.unitId, active: units.active })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
    .where(eq(people.openId, slot('openId')))
    .limit(1)
    .prepare(),
)

/**
 * The sender's effective role. Bootstrap admins come from configuration and cannot be
 * locked out from chat; a liaison of a deactivated unit no longer reports.
 */
export async function loadActor(
  db: Db,
  openId: string,
  adminOpenIds: readonly string[],
): Promise<Actor> {
  const [row] = await actorQuery(db).all({ openId })
  const unitId = row?.unitId != null && row.active ? row.unitId : null
  if (adminOpenIds.includes(openId) || row?.role === 'admin')
    return { openId, role: 'admin', unitId }
  if (row?.role === 'leader') return { openId, role: 'leader', unitId }
  if (unitId !== null) return { openId, role: 'liaison', unitId }
  return { openId, role: 'stranger', unitId: null }
}

/** Records a person's unit and/or role, as a batch's write; a person belongs to at most one unit. */
export const personWrite =
  (
    person: {
      openId: string
      name?: string
      unitId?: number | null
      role?: 'leader' | 'admin' | null
    },
    now: Date,
  ): Build =>
  (db) => {
    const patch = {
      ...(person.name ? { name: person.name } : {}),
      ...(person.unitId !== undefined ? { unitId: person.unitId } : {}),
      ...(person.role !== undefined ? { role: person.role } : {}),
      updatedAt: now,
    }
    return db
      .insert(people)
      .values({
        openId: person.openId,
        name: person.name ?? '',
        unitId: person.unitId ?? null,
        role: person.role ?? null,
        updatedAt: now,
      })
      .onConflictDoUpdate({ target: people.openId, set: patch })
  }

/** Names someone the bot knows only by id; a name it has is kept. */
export const fillNameWrite =
  (openId: string, name: string): Build =>
  (db) =>
    db
      .update(people)
      .set({ name })
      .where(and(eq(people.openId, openId), eq(people.name, '')))

export async function liaisonsOf(db: Db, unitIds?: number[]) {
  const ofUnits = unitIds ? inArray(people.unitId, unitIds) : isNotNull(people.unitId)
  return db.select().from(people).where(ofUnits)
}

export async function peopleWithRole(db: Db, role: 'leader' | 'admin') {
  return db.select().from(people).where(eq(people.role, role))
}

/** How to call someone on a card or in an export: never by their open_id (see personLabel). */
export async function personNames(db: Db): Promise<(openId: string) => string> {
  const rows = await db
    .select({ openId: people.openId, name: people.name, unit: units.name })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
  const names = new Map(rows.map((r) => [r.openId, personLabel(r.name, r.unit)]))
  return (openId) => names.get(openId) ?? personLabel(null)
}

/** Who the bot has no name for: people without one, and bootstrap admins it has no row for. */
export async function namelessPeople(db: Db, adminOpenIds: readonly string[]): Promise<string[]> {
  const rows = await db.select({ openId: people.openId, name: people.name }).from(people)
  const known = new Set(rows.map((r) => r.openId))
  return [
    ...rows.filter((r) => !r.name).map((r) => r.openId),
    ...adminOpenIds.filter((id) => !known.has(id)),
  ]
}

/** Everyone the bot knows, unit by unit. */
export async function listPeople(db: Db) {
  return db.select().from(people).orderBy(asc(people.unitId), asc(people.openId))
}
