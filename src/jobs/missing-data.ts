import type { MissingUnit } from '../../templates/missing-card'
import { liaisonsOf } from '../../db/queries/people'
import { reportingUnitIds } from '../../db/queries/totals'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'

/** Active units with no live entry in the week, each with its liaisons, in unit order. */
export async function missingUnits(
  db: Db,
  week: string,
): Promise<{ missing: MissingUnit[]; activeUnits: number }> {
  const active = await listUnits(db, { activeOnly: true })
  const reported = await reportingUnitIds(db, [week])
  const missing = active.filter((u) => !reported.has(u.id))
  const liaisons = await liaisonsOf(
    db,
    missing.map((u) => u.id),
  )
  return {
    activeUnits: active.length,
    missing: missing.map((u) => ({
      id: u.id,
      name: u.name,
      liaisons: liaisons
        .filter((p) => p.unitId === u.id)
        .map((p) => ({ openId: p.openId, name: p.name })),
    })),
  }
}
