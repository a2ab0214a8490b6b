import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { ChildLine, ChildPlan } from './scale-timings-child'

const CHILD = fileURLToPath(new URL('./scale-timings-child.ts', import.meta.url))
/** The issue saw the export peak at 4.2 GB; past this a case fails instead of the machine. */
export const HEAP_LIMIT_MB = 6144

export type CaseResult = {
  label: string
  /** A file follows the reply: `dones` is when it was sent. */
  file: boolean
  replies: number[]
  dones: number[]
  /** What went wrong that should not have: an error logged, a reply missing, a report lost. */
  broke: string[]
  /** The command said no (the export's file over Lark's limit): the target is not met. */
  refused: string | null
  /** The run that never finished: out of time, or out of memory. */
  failed: string | null
}

export type TimingOptions = Omit<ChildPlan, 'db' | 'skip'> & { runTimeoutMs: number }

/**
 * Times every case on `db` in child processes: a run that takes longer than runTimeoutMs is
 * killed and its case marked failed, as is a child that dies; a new child then goes on with
 * the cases left.
 */
export async function timeCases(db: string, options: TimingOptions): Promise<CaseResult[]> {
  const { runTimeoutMs, ...plan } = options
  const results = new Map<string, CaseResult>()
  for (;;) {
    const ended = await runChild({ ...plan, db, skip: [...results.keys()] }, results, runTimeoutMs)
    if (ended.done) return [...results.values()]
    if (!ended.current)
      throw new Error(`the timing child failed before its first case: ${ended.why}`)
    results.get(ended.current)!.failed = ended.why
  }
}

type Ended = { done: boolean; current?: string; why: string }

function runChild(plan: ChildPlan, results: Map<string, CaseResult>, timeoutMs: number) {
  const args = [
    `--max-old-space-size=${HEAP_LIMIT_MB}`,
    '--import',
    'tsx',
    CHILD,
    JSON.stringify(plan),
  ]
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)))
  let current: string | undefined
  let done = false
  let killedAfter = ''
  let watchdog: NodeJS.Timeout
  const arm = () => {
    clearTimeout(watchdog)
    watchdog = setTimeout(() => {
      killedAfter = `no answer within ${timeoutMs / 1000} s`
      child.kill('SIGKILL')
    }, timeoutMs)
  }
  arm()
  createInterface({ input: child.stdout }).on('line', (text) => {
    arm()
    const line = JSON.parse(text) as ChildLine
    if ('done' in line) return (done = true)
    current = line.case
    record(results, line)
  })
  return new Promise<Ended>((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(watchdog)
      const why = killedAfter || `died (${signal ?? `exit ${code}`}): ${errorIn(stderr)}`
      resolve({ done: done && code === 0, current, why })
    }),
  )
}

function record(results: Map<string, CaseResult>, line: Exclude<ChildLine, { done: true }>) {
  if ('start' in line) {
    const result = { label: line.case, file: line.file, replies: [], dones: [], broke: [] }
    return void results.set(line.case, { ...result, refused: null, failed: null })
  }
  const result = results.get(line.case)!
  if (line.broke) result.broke.push(line.broke)
  if (!('warmUp' in line)) return
  if (line.refused) result.refused = line.refused
  if (line.warmUp) return
  result.replies.push(line.replyMs)
  result.dones.push(line.doneMs)
}

/** The error a dead child printed: its first line naming one, else its last line. */
export function errorIn(text: string) {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('Node.js v'))
  return lines.find((l) => /^(\w*Error\b|FATAL ERROR)/.test(l)) ?? lines.at(-1) ?? ''
}
