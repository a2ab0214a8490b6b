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
  /** A case stops after this long once it has two runs (the warm-up and one). */
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

const plan = JSON.parse(process.argv[2]!) as ChildPlan
const emit = (line: ChildLine) => process.stdout.write(`${JSON.stringify(line)}\n`)
const rig = await createScaleRig(plan.db)
for (const c of await scaleCases(rig)) {
  if (plan.skip.includes(c.label)) continue
  emit({ case: c.label, start: true, file: c.file })
  const runs = c.heavy ? plan.heavyRuns : plan.runs
  const started = performance.now()
  // Run 0 warms the JIT and the page cache, as a server that has run for a while has them.
  for (let i = 0; i <= runs && (i < 2 || performance.now() - started < plan.budgetMs); i++) {
    emit({ case: c.label, warmUp: i === 0, ...(await c.run(i)) })
  }
  const broke = await c.check?.()
  if (broke) emit({ case: c.label, broke })
}
emit({ done: true })
rig.close()
process.exit(0)
