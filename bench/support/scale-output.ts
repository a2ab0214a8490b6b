import { DIGEST_LABEL, EXPORT_LABEL, SWEEP_LABEL } from './scale-cases'
import type { ScaleDb } from './scale-data'
import type { ExportRun } from './scale-export'
import type { Stall } from './scale-stalls'
import { percentile, TARGETS } from './scale-targets'
import type { CaseResult } from './scale-timings'

export type Size = { name: string; units: number; weeks: number; db: ScaleDb; cases: CaseResult[] }
export type Measured = {
  small: Size
  large: Size
  exported: ExportRun
  /** The same child exporting next to nothing: what any run of it takes. */
  floor: ExportRun
  stalls: Stall[]
}

const median = (xs: number[]) => percentile(xs, 50)

// A CJK character takes two columns in a terminal.
const columns = (s: string) => [...s].reduce((n, ch) => n + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0)
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - columns(s)))
const right = (s: string, width: number) => ' '.repeat(Math.max(0, width - columns(s))) + s
const ms = (x: number) => (Number.isNaN(x) ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0))

/** A case's median / p99 cell, or why it has none. */
function cell(c: CaseResult | undefined) {
  if (!c) return '-'
  if (c.failed) return 'FAILED'
  const times = `${ms(median(c.replies))} / ${ms(percentile(c.replies, 99))}`
  return c.refused ? `${times} refused` : times
}

export function caseTable(m: Measured): string[] {
  const head = (s: Size) => `${s.name}: ${s.units} units × ${s.weeks} weeks`
  const lines = [
    `time to the reply (ms, median / p99; a job: its run), after a warm-up run (counted if over 10 s)`,
    pad('command', 26) +
      pad(head(m.small), 32) +
      pad(head(m.large), 34) +
      'runs  file sent (large, median)',
  ]
  for (const c of m.large.cases) {
    const small = m.small.cases.find((s) => s.label === c.label)
    const file = c.file ? `${ms(median(c.dones))} ms` : ''
    lines.push(
      pad(c.label, 26) +
        pad(cell(small), 32) +
        pad(cell(c), 34) +
        right(String(c.replies.length), 4) +
        '  ' +
        file,
    )
  }
  for (const c of [...m.small.cases, ...m.large.cases]) {
    if (c.failed) lines.push(`  ${c.label}: ${c.failed}`)
    if (c.refused) lines.push(`  ${c.label}: refused: ${c.refused}`)
  }
  return lines
}

export function exportLines(e: ExportRun, floor: ExportRun): string[] {
  const size = e.fileMb === null ? '' : `, a ${e.fileMb.toFixed(1)} MB file`
  const outcome = e.failed ? `FAILED: ${e.failed}` : `done${size}`
  const s = (x: ExportRun) => `${(x.wallMs / 1000).toFixed(1)} s`
  return [
    `${EXPORT_LABEL} as npm run export (large, a child process): ${s(e)} wall, peak RSS ${e.peakRssMb.toFixed(0)} MB, ${outcome}`,
    `  the same child exporting the open rectifications: ${s(floor)} wall, peak RSS ${floor.peakRssMb.toFixed(0)} MB`,
    `  (the 5 s target is judged on the file sent in the chat path above, in a warm process)`,
  ]
}

export function stallTable(stalls: Stall[], perSecond: number): string[] {
  const lines = [
    `webhook time to the 200 (ms) with /上报 at ${perSecond}/s while one heavy command runs (large, the Node server)`,
    pad('heavy command', 26) +
      ['webhooks', 'p99', 'max', '> 1 s', 'errors', 'heavy took'].map((h) => right(h, 11)).join(''),
  ]
  for (const s of stalls) {
    const took = s.failed ? `FAILED` : `${ms(s.heavyMs ?? NaN)} ms`
    const cells = [
      String(s.webhooks),
      ms(s.p99),
      ms(s.max),
      String(s.overOneSecond),
      String(s.errors),
      took,
    ]
    lines.push(pad(s.label, 26) + cells.map((c) => right(c, 11)).join(''))
    if (s.failed) lines.push(`  ${s.label}: ${s.failed}`)
    if (s.errors > 0) lines.push(`  ${s.label}: errors: ${s.errorKinds}`)
  }
  return lines
}

/** Which of the issue's targets the large size misses, each with the figure that misses it. */
export function missedTargets(m: Measured): string[] {
  const missed: string[] = []
  const byLabel = new Map(m.large.cases.map((c) => [c.label, c]))
  for (const c of m.large.cases.filter((c) => c.label.startsWith('/'))) {
    const [mid, p99] = [median(c.replies), percentile(c.replies, 99)]
    if (c.failed || c.refused) missed.push(`${c.label} ${c.failed ? 'failed' : 'refused'}`)
    else if (mid >= TARGETS.chatMedianMs || p99 >= TARGETS.chatP99Ms)
      missed.push(`${c.label} ${ms(mid)}/${ms(p99)} ms`)
  }
  const job = (label: string, limit: number) => {
    const c = byLabel.get(label)
    const mid = c ? median(c.replies) : NaN
    if (!c || c.failed || !(mid < limit))
      missed.push(`${label} ${c?.failed ? 'failed' : `${ms(mid)} ms`}`)
  }
  job(DIGEST_LABEL, TARGETS.digestMs)
  job(SWEEP_LABEL, TARGETS.sweepMs)
  const e = m.exported
  if (e.failed || e.peakRssMb >= TARGETS.exportRssMb) {
    missed.push(`npm run export ${e.failed ? 'failed' : `peak RSS ${e.peakRssMb.toFixed(0)} MB`}`)
  }
  const exported = byLabel.get(EXPORT_LABEL)
  const fileMs = exported ? median(exported.dones) : NaN
  if (!exported || exported.failed || exported.refused || !(fileMs < TARGETS.exportMs)) {
    const why = exported?.failed
      ? 'failed'
      : exported?.refused
        ? 'refused'
        : `${(fileMs / 1000).toFixed(1)} s`
    missed.push(`${EXPORT_LABEL} file ${why}`)
  }
  for (const s of m.stalls) {
    if (s.failed || s.overOneSecond > 0 || s.errors > 0) {
      missed.push(
        `stall under ${s.label}: ${s.overOneSecond} past 1 s, ${s.errors} errors${s.failed ? ', heavy failed' : ''}`,
      )
    }
  }
  return missed
}
