/** npm run units:import -- units.csv — loads units and liaisons in bulk, idempotently. */
import { readFileSync } from 'node:fs'
import { importUnits } from '../db/queries/import-units'
import { runCli, usage } from '../src/adapter/node/cli'
import { parseUnitsCsv } from '../src/domain/units-csv'

const file = process.argv[2] ?? usage('usage: npm run units:import -- units.csv')
await runCli(async ({ deps }) => {
  const rows = parseUnitsCsv(readFileSync(file, 'utf8'))
  const result = await deps.database.write((tx) => importUnits(tx, rows, deps.clock()))
  console.log(
    `units: ${result.units} (${result.unitsAdded} new); liaisons bound: ${result.liaisons}`,
  )
})
