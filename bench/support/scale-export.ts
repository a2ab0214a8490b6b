import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { clockEnv } from '../../test/support/clock-env'
import { errorIn, HEAP_LIMIT_MB } from './scale-timings'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const SAMPLE_MS = 20

export type ExportRun = {
  wallMs: number
  peakRssMb: number
  fileMb: number | null
  failed: string | null
}

/**
 * `npm run export -- <what>` (scripts/export.ts) in a child process on `dbPath`: its wall time
 * and its peak RSS (VmHWM, the kernel's high-water mark, read until it exits, so a child killed
 * for time or memory still has one). Killed after `timeoutMs`.
 */
export async function measureExport(
  dbPath: string,
  what: string[],
  outDir: string,
  timeoutMs: number,
): Promise<ExportRun> {
  const out = join(outDir, 'export.xlsx')
  const script = ['scripts/export.ts', ...what, '--out', out]
  const args = [`--max-old-space-size=${HEAP_LIMIT_MB}`, '--import', 'tsx', ...script]
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...clockEnv(), DATABASE_URL: `file:${dbPath}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)))
  let peakKb = 0
  const sampler = setInterval(() => (peakKb = Math.max(peakKb, highWaterKb(child.pid!))), SAMPLE_MS)
  let timedOut = false
  const killer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once('exit', (c, s) => resolve([c, s])),
  )
  const wallMs = performance.now() - started
  clearInterval(sampler)
  clearTimeout(killer)
  const failed = timedOut
    ? `not finished after ${timeoutMs / 1000} s`
    : code === 0
      ? null
      : `died (${signal ?? `exit ${code}`}): ${errorIn(stderr)}`
  const fileMb = !failed && existsSync(out) ? statSync(out).size / 1024 / 1024 : null
  return { wallMs, peakRssMb: peakKb / 1024, fileMb, failed }
}

/** VmHWM of a live process in kB; 0 once it is gone. */
function highWaterKb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}
