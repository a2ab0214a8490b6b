/**
 * npm run bench:scale's database on its own: `tsx bench/scale-data.ts [--units 300]
 * [--weeks 104] [--seed 15]` generates (or finds in data/) the district and prints its path,
 * e.g. to start the server on it with DATABASE_URL=file:<path>.
 */
import { parseArgs } from 'node:util'
import { ensureScaleDb } from './support/scale-data'
import { SCALE_NOW } from './support/scale-world'

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '300' },
    weeks: { type: 'string', default: '104' },
    seed: { type: 'string', default: '15' },
  },
})
const made = await ensureScaleDb({
  units: Number(values.units),
  weeks: Number(values.weeks),
  seed: values.seed,
  now: SCALE_NOW,
})
const mb = (made.bytes / 1024 / 1024).toFixed(0)
console.log(
  `${made.path} (${mb} MB, ${made.cached ? 'cached' : `generated in ${made.seconds.toFixed(1)} s`})`,
)
console.log(JSON.stringify(made.counts))
