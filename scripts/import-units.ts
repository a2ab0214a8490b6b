/**
 * npm run units:import -- units.csv — loads units and liaisons in bulk, idempotently. Liaisons
 * are given by open_id, or by 手机号 / 邮箱, which Lark turns into open_ids; whoever Lark does
 * not find is listed and left out, the rest is imported.
 */
import { readFileSync } from 'node:fs'
import { importUnits } from '../db/queries/import-units'
import { runCli, usage } from '../src/adapter/node/cli'
import type { LarkApi } from '../src/lark/outbound'
import { parseUnitsCsv, type UnitRow } from '../src/domain/units-csv'

const file = process.argv[2] ?? usage('usage: npm run units:import -- units.csv')
await runCli(async ({ deps }) => {
  const { rows, missing } = await withOpenIds(deps.lark, parseUnitsCsv(readFileSync(file, 'utf8')))
  const result = await deps.database.write((tx) => importUnits(tx, rows, deps.clock()))
  console.log(
    `units: ${result.units} (${result.unitsAdded} new); liaisons bound: ${result.liaisons}`,
  )
  if (missing.length === 0) return
  console.log(`not found in Lark, not bound (check the number or address, or the app's scope):`)
  for (const row of missing) {
    const who = [row.liaisonName, row.liaisonMobile ?? row.liaisonEmail].filter(Boolean)
    console.log(`  line ${row.line}: ${who.join(' ')} (${row.unit})`)
  }
})

/** The rows with each liaison's open_id looked up by 手机号 or 邮箱 where none was given. */
async function withOpenIds(lark: LarkApi, parsed: UnitRow[]) {
  const wanted = parsed.filter((r) => !r.liaisonOpenId && (r.liaisonMobile || r.liaisonEmail))
  const found = await lark.findOpenIds({
    mobiles: [...new Set(wanted.flatMap((r) => r.liaisonMobile ?? []))],
    emails: [...new Set(wanted.flatMap((r) => (r.liaisonMobile ? [] : (r.liaisonEmail ?? []))))],
  })
  const openIdOf = (r: UnitRow) =>
    r.liaisonOpenId ?? found.get(r.liaisonMobile ?? '') ?? found.get(r.liaisonEmail ?? '') ?? null
  const rows = parsed.map((r) => ({ ...r, liaisonOpenId: openIdOf(r) }))
  return { rows, missing: wanted.filter((r) => openIdOf(r) === null) }
}
