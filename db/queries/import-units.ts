import type { UnitRow } from '../../src/domain/units-csv'
import { runWrite, type Db } from '../client'
import { findPerson, personWrite } from './people'
import { addUnitsWrites, listUnits, sameName, unitsToAdd, unitWrite } from './units'

/**
 * Applies units.csv rows, their liaisons found by open_id; running it twice changes nothing the
 * second time. `liaisons` counts the people bound or renamed by this run.
 */
export async function importUnits(db: Db, rows: UnitRow[], now: Date) {
  const { fresh } = await unitsToAdd(db, [...new Set(rows.map((r) => r.unit))])
  for (const w of addUnitsWrites(fresh, now)) await runWrite(db, w)
  const all = await listUnits(db)
  let liaisons = 0
  for (const row of rows) {
    // A unit stored before as 区财政局(国资办) is the row's 区财政局（国资办）.
    const unit = all.find((u) => sameName(u.name, row.unit))!
    const aliases = [...new Set([...unit.aliases, ...row.aliases])]
    if (aliases.length !== unit.aliases.length) {
      await runWrite(db, unitWrite(unit.id, { aliases }))
      unit.aliases = aliases
    }
    const person = row.liaisonOpenId ? await findPerson(db, row.liaisonOpenId) : undefined
    const same = person?.unitId === unit.id && (!row.liaisonName || person.name === row.liaisonName)
    if (row.liaisonOpenId && !same) {
      const liaison = { openId: row.liaisonOpenId, name: row.liaisonName, unitId: unit.id }
      await runWrite(db, personWrite(liaison, now))
      liaisons++
    }
  }
  return { unitsAdded: fresh.length, units: all.length, liaisons }
}
