import type { UnitRow } from '../../src/domain/units-csv'
import type { Db } from '../client'
import { findPerson, upsertPerson } from './people'
import { addUnits, listUnits, sameName, updateUnit } from './units'

/**
 * Applies units.csv rows, their liaisons found by open_id; running it twice changes nothing the
 * second time. `liaisons` counts the people bound or renamed by this run.
 */
export async function importUnits(db: Db, rows: UnitRow[], now: Date) {
  const { added } = await addUnits(db, [...new Set(rows.map((r) => r.unit))], now)
  const all = await listUnits(db)
  let liaisons = 0
  for (const row of rows) {
    // A unit stored before as 区财政局(国资办) is the row's 区财政局（国资办）.
    const unit = all.find((u) => sameName(u.name, row.unit))!
    const aliases = [...new Set([...unit.aliases, ...row.aliases])]
    if (aliases.length !== unit.aliases.length) {
      await updateUnit(db, unit.id, { aliases })
      unit.aliases = aliases
    }
    const person = row.liaisonOpenId ? await findPerson(db, row.liaisonOpenId) : undefined
    const same = person?.unitId === unit.id && (!row.liaisonName || person.name === row.liaisonName)
    if (row.liaisonOpenId && !same) {
      await upsertPerson(
        db,
        { openId: row.liaisonOpenId, name: row.liaisonName, unitId: unit.id },
        now,
      )
      liaisons++
    }
  }
  return { unitsAdded: added.length, units: all.length, liaisons }
}
