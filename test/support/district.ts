import { CHAT_SETTINGS, setSetting } from '../../db/queries/settings'
import { people, units } from '../../db/schema'
import type { Database } from '../../db/client'
import type { MissingUnit } from '../../templates/missing-card'

/** Where the reminders go. */
export const LIAISONS_GROUP = 'oc_liaisons'

/** A district far past the 300 units measured in issue 15. */
export const DISTRICT_UNITS = 1000

/** A unit's name, about 20 Chinese characters, that holds its number. */
export const unitName = (i: number) => `某某区某某街道某某社区党委第${i + 1}党支部委员会`

/** A real open_id's shape: ou_ and 32 hex digits. */
export const liaisonId = (i: number) => `ou_${i.toString(16).padStart(32, '0')}`

/** `count` units, each with one liaison (the tenth with three), none of them reported. */
export function districtUnits(count = DISTRICT_UNITS): MissingUnit[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i + 1,
    name: unitName(i),
    liaisons: Array.from({ length: i % 10 === 0 ? 3 : 1 }, (_, j) => ({
      openId: liaisonId(i * 3 + j),
      name: `联络员${i * 3 + j}`,
    })),
  }))
}

/** The same district stored, with its liaisons bound and the liaisons' group set. */
export async function seedDistrict(database: Database, at: Date, count = DISTRICT_UNITS) {
  const district = districtUnits(count)
  await database.write(async (tx) => {
    await tx.insert(units).values(district.map((u) => ({ name: u.name })))
    const bound = district.flatMap((u) =>
      u.liaisons.map((l) => ({ openId: l.openId, name: l.name, unitId: u.id, updatedAt: at })),
    )
    await tx.insert(people).values(bound)
    await setSetting(tx, CHAT_SETTINGS.liaisons, LIAISONS_GROUP, at)
  })
  return district
}
