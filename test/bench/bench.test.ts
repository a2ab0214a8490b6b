import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

// A short run of `npm run bench`: 200 liaisons at 50 in flight against the real server must
// leave every report stored once and every message replied to, or the bench exits non-zero.
it('runs the benchmark end to end without losing or doubling a report', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/bench.ts'], {
    env: { ...process.env, BENCH_REPORTS: '1', BENCH_ROUNDS: '1' },
    encoding: 'utf8',
    timeout: 90_000,
  })
  expect(run.stderr).toBe('')
  expect(run.status).toBe(0)
  expect(run.stdout).toContain('reports stored: 400 (expected 400)')
  expect(run.stdout).toMatch(/ratio answered \/ bare row\s+[\d.]+/)
  expect(run.stdout).toMatch(/^target: server CPU per webhook at most 1.00 ms: (met|NOT met) /m)
  expect(run.stdout).toMatch(/^guard: answered \/ bare row at least 0.225: (met|NOT met) /m)
  expect(run.stdout).toMatch(/^guard: processed \/ bare row at least 0.100: (met|NOT met) /m)
}, 120_000)
