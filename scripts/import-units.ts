/** npm run units:import -- units.csv — loads units and liaisons in bulk, idempotently. */
import { readFileSync } from 'node:fs'
import { importUnits } from '../db/queries/import-units'
import { parseUnitsCsv } from '../src/domain/units-csv'
import { createNodeDeps } from '../src/node-deps'

const file = process.argv[2]
if (!file) {
  console.error('usage: npm run units:import -- units.csv')
  process.exit(2)
}
try {
  const rows = parseUnitsCsv(readFileSync(file, 'utf8'))
  const deps = await createNodeDeps(process.env)
  const result = await deps.database.write((tx) => importUnits(tx, rows, deps.clock()))
  console.log(
    `units: ${result.units} (${result.unitsAdded} new); liaisons bound: ${result.liaisons}`,
  )
  deps.database.close()
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
}
