/**
 * npm run bench:scale — issue 15's district at scale. Generates (or finds in data/) a seeded
 * database of 300 units over 104 weeks, and a small one (10 units, 4 weeks), then:
 *   - times every chat command through the real webhook path, and the digest job and the
 *     sweep, on each (median and p99);
 *   - runs `npm run export -- 上报 累计` on the large one in a child, for its time and peak RSS;
 *   - starts the real Node server on the large one and, with /上报 arriving at 50/s, runs each
 *     heavy command in the middle: how long the webhooks waited for their 200 meanwhile.
 * It ends with one line: whether the issue's targets hold. Exit 1 only if something broke (an
 * error logged, a reply missing, a report lost or stored twice), not for a missed target.
 *
 * Options: --units 300 --weeks 104 (the large size), --seed 15, --runs 20 (cheap commands),
 * --heavy-runs 5, --window 5 (seconds of load per heavy command), --rate 50 (/上报 per second),
 * --budget 150 (seconds per command, after which it stops at the runs it has),
 * --timeout 120 (seconds one run may take before it counts as failed).
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureScaleDb, type ScaleDb } from './support/scale-data'
import { measureExport } from './support/scale-export'
import {
  caseTable,
  exportLines,
  missedTargets,
  stallTable,
  type Size,
} from './support/scale-output'
import { measureStalls } from './support/scale-stalls'
import { timeCases, type TimingOptions } from './support/scale-timings'
import { SCALE_NOW } from './support/scale-world'

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '300' },
    weeks: { type: 'string', default: '104' },
    seed: { type: 'string', default: '15' },
    runs: { type: 'string', default: '20' },
    'heavy-runs': { type: 'string', default: '5' },
    window: { type: 'string', default: '5' },
    rate: { type: 'string', default: '50' },
    budget: { type: 'string', default: '150' },
    timeout: { type: 'string', default: '120' },
  },
})
const SMALL = { units: 10, weeks: 4 }
const LARGE = { units: Number(values.units), weeks: Number(values.weeks) }
const timing: TimingOptions = {
  runs: Number(values.runs),
  heavyRuns: Number(values['heavy-runs']),
  budgetMs: Number(values.budget) * 1000,
  runTimeoutMs: Number(values.timeout) * 1000,
}
const perSecond = Number(values.rate)

const work = mkdtempSync(join(tmpdir(), 'bench-scale-'))
let copies = 0
/** A fresh copy of the generated file for one phase: each phase writes to its own. */
function copyOf(db: ScaleDb): string {
  const copy = join(work, `copy-${++copies}.db`)
  copyFileSync(db.path, copy)
  if (existsSync(`${db.path}-wal`)) copyFileSync(`${db.path}-wal`, `${copy}-wal`)
  return copy
}

/** Each thing that broke once, with how many times it did. */
function printBroke(broke: string[]) {
  const times = new Map<string, number>()
  for (const b of broke) times.set(b, (times.get(b) ?? 0) + 1)
  for (const [b, n] of times) console.log(`BROKE ${b}${n > 1 ? ` (${n} times)` : ''}`)
}

async function size(name: string, shape: { units: number; weeks: number }): Promise<Size> {
  const db = await ensureScaleDb({ ...shape, seed: values.seed, now: SCALE_NOW })
  const { counts } = db
  const made = db.cached ? 'cached' : `generated in ${db.seconds.toFixed(1)} s`
  console.log(
    `${name}: ${db.path} (${(db.bytes / 1024 / 1024).toFixed(0)} MB, ${made}): ${counts.units} units, ` +
      `${counts.people} people, ${counts.reports} reports, ${counts.entries} entries, ` +
      `${counts.rectifications} rectifications with ${counts.history} history rows, ${counts.messages} messages`,
  )
  return { name, ...shape, db, cases: await timeCases(copyOf(db), timing) }
}

try {
  // Other work on the machine shows in every figure below; this says how much there was.
  const load = loadavg().map((l) => l.toFixed(1))
  console.log(`load average at start: ${load.join(' ')}`)
  const small = await size('small', SMALL)
  const large = await size('large', LARGE)
  console.log('timing npm run export -- 上报 累计 …')
  const exportCopy = copyOf(large.db)
  const exported = await measureExport(exportCopy, ['上报', '累计'], work, timing.runTimeoutMs)
  // What the same child takes to export next to nothing: its floor (runtime, tsx, the app).
  const floor = await measureExport(exportCopy, ['整改', '未销号'], work, timing.runTimeoutMs)
  console.log(`stalls: /上报 at ${perSecond}/s on the Node server …`)
  const stalls = await measureStalls(copyOf(large.db), {
    perSecond,
    windowMs: Number(values.window) * 1000,
    heavyTimeoutMs: timing.runTimeoutMs,
  })
  const measured = { small, large, exported, floor, stalls: stalls.stalls }
  const broke = [
    ...[...small.cases, ...large.cases].flatMap((c) => c.broke.map((b) => `${c.label}: ${b}`)),
    ...stalls.broke,
  ]
  console.log(['', ...caseTable(measured), '', ...exportLines(exported, floor), ''].join('\n'))
  console.log([...stallTable(stalls.stalls, perSecond), ''].join('\n'))
  printBroke(broke)
  const missed = missedTargets(measured)
  console.log(missed.length === 0 ? 'targets: met' : `targets: NOT met (${missed.join('; ')})`)
  if (broke.length > 0) process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
