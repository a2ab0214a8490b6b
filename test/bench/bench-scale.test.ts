import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

const COMMANDS = [
  '/统计 本周',
  '/统计 累计',
  '/进度 <单位>',
  '/进度 <单位> 累计',
  '/未报',
  '/周报',
  '/报告 周报',
  '/报告 月报',
  '/报告 累计',
  '/记录',
  '/整改',
  'digest job, 10 leaders',
  'sweep',
  '/上报 学习 3',
  '/撤销',
  '/更正 学习 <n>',
  '/导出 上报 累计',
]
const HEAVY = ['/统计 累计', '/周报', '/报告 累计', '/导出 上报 累计', 'digest job, 10 leaders']

const row = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `, 'm')

// A short run of `npm run bench:scale` on a small district: every command gets its row at both
// sizes, every heavy command its stall row, and nothing breaks (no error, no reply missing, no
// /上报 lost or doubled). The targets themselves are for the full size, not checked here.
it('runs the scale benchmark end to end and says whether the targets hold', () => {
  const args = '--units 20 --weeks 6 --runs 2 --heavy-runs 1 --window 1'.split(' ')
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/bench-scale.ts', ...args], {
    encoding: 'utf8',
    timeout: 150_000,
  })
  expect(run.stderr).toBe('')
  expect(run.stdout).not.toContain('BROKE')
  expect(run.status).toBe(0)
  const [timings, stalls] = run.stdout.split('webhook time to the 200')
  for (const label of COMMANDS) expect(timings).toMatch(row(label))
  for (const label of HEAVY) expect(stalls).toMatch(row(label))
  expect(run.stdout).not.toContain('FAILED')
  expect(run.stdout).toMatch(/as npm run export .*: [\d.]+ s wall, peak RSS \d+ MB, done/)
  expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^targets: (met|NOT met \(.+\))$/)
}, 180_000)
