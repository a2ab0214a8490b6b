import type { UnitRow } from '../../src/domain/units-csv'
import type { Db } from '../client'
import { upsertPerson } from './people'
import { addUnits, listUnits, updateUnit } from './units'

/** Applies units.csv rows; running it twice changes nothing the second time. */
export async function importUnits(db: Db, rows: UnitRow[], now: Date) {
  const { added } = await addUnits(db, [...new Set(rows.map((r) => r.unit))])
  const byName = new Map((await listUnits(db)).map((u) => [u.name, u]))
  let liaisons = 0
  for (const row of rows) {
    const unit = byName.get(row.unit)!
    const aliases = [...new Set([...unit.aliases, ...row.aliases])]
    if (aliases.length !== unit.aliases.length) {
      await updateUnit(db, unit.id, { aliases })
      unit.aliases = aliases
    }
    if (row.liaisonOpenId) {
      await upsertPerson(
        db,
        { openId: row.liaisonOpenId, name: row.liaisonName, unitId: unit.id },
        now,
      )
      liaisons++
    }
  }
  return { unitsAdded: added.length, units: byName.size, liaisons }
}
