import { CHAT_SETTINGS, setSetting } from '../../db/queries/settings'
import { people, units } from '../../db/schema'
import type { Database } from '../../db/client'
import { catalog } from '../../src/domain/catalog'
import { TREND_WEEKS, type LeadersView } from '../../src/domain/leaders-view'
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
    missed: TREND_WEEKS,
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
    await tx.insert(units).values(district.map((u) => ({ name: u.name, createdAt: at })))
    const bound = district.flatMap((u) =>
      u.liaisons.map((l) => ({ openId: l.openId, name: l.name, unitId: u.id, updatedAt: at })),
    )
    await tx.insert(people).values(bound)
    await setSetting(tx, CHAT_SETTINGS.liaisons, LIAISONS_GROUP, at)
  })
  return district
}

/**
 * The leaders' part of a digest at district scale: every unit lagging and ranked (half of them
 * tied), a target on every indicator, long overdue items and a full trend.
 */
export function districtLeadersView(count = DISTRICT_UNITS): LeadersView {
  const completion = catalog.all.map((indicator, i) => ({
    indicator,
    unitId: null,
    target: 99999,
    done: 99999 - i,
    percent: 99,
    time: 60,
    pace: '超前' as const,
  }))
  const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => `2026-W${41 + i}`)
  return {
    rates: Array.from({ length: 4 }, () => ({ reported: 1, expected: count, percent: 0 })),
    ranking: Array.from({ length: count }, (_, i) => ({
      rank: i < count / 2 ? 1 : i + 1,
      tied: i < count / 2,
      name: unitName(i),
      percent: i < count / 2 ? 100 : 50,
      targets: 3,
    })),
    completion,
    overdue: {
      total: count,
      worst: Array.from({ length: 8 }, (_, i) => ({
        code: `ZG-2026-${String(i + 1).padStart(3, '0')}`,
        problem: '长'.repeat(200),
        unit: unitName(i),
        lead: '某某某某某某',
        days: 365,
      })),
    },
    trend: {
      weeks,
      series: catalog.all
        .slice(0, 5)
        .map((ind) => ({ name: ind.name, values: weeks.map(() => 99999) })),
    },
  }
}
