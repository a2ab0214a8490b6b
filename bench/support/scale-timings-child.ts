/**
 * One child of npm run bench:scale (see scale-timings.ts): times the cases on a copy of the
 * generated database, writing one JSON line per run, so that a case that runs out of time or
 * memory costs only itself. Argument: the ChildPlan as JSON.
 */
import { scaleCases } from './scale-cases'
import { createScaleRig } from './scale-rig'

export type ChildPlan = {
  db: string
  runs: number
  heavyRuns: number
  /** A case stops at the runs it has after this long (once it has one). */
  budgetMs: number
  skip: string[]
}

export type ChildLine =
  | { case: string; start: true; file: boolean }
  | {
      case: string
      warmUp: boolean
      replyMs: number
      doneMs: number
      broke?: string
      refused?: string
    }
  | { case: string; broke: string }
  | { done: true }

const COUNTED_WARM_UP_MS = 10_000

const plan = JSON.parse(process.argv[2]!) as ChildPlan
const emit = (line: ChildLine) => process.stdout.write(`${JSON.stringify(line)}\n`)
const rig = await createScaleRig(plan.db)
for (const c of await scaleCases(rig)) {
  if (plan.skip.includes(c.label)) continue
  emit({ case: c.label, start: true, file: c.file })
  const runs = c.heavy ? plan.heavyRuns : plan.runs
  const started = performance.now()
  let measured = 0
  for (
    let i = 0;
    measured < runs && (measured === 0 || performance.now() - started < plan.budgetMs);
    i++
  ) {
    const outcome = await c.run(i)
    // Run 0 warms the JIT and the page cache, as on a server that has been up a while; one
    // that takes seconds counts all the same, as warming up is lost in it.
    const warmUp = i === 0 && outcome.doneMs < COUNTED_WARM_UP_MS
    if (!warmUp) measured++
    emit({ case: c.label, warmUp, ...outcome })
  }
  const broke = await c.check?.()
  if (broke) emit({ case: c.label, broke })
}
emit({ done: true })
rig.close()
process.exit(0)
