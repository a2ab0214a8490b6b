import { it } from 'vitest'
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'
import { ADMIN, createTestBot } from '../support/bot'

it('cpu per /上报', async () => {
  const bot = await createTestBot({ now: () => new Date('2026-11-27T02:00:00Z') })
  const zhang = { openId: 'ou_zhang', name: '张三' }
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  for (let i = 0; i < 200; i++) await bot.say(zhang, `/上报 学习 ${1 + (i % 3)} 党课 1`)
  const N = Number(process.env.N ?? 400)
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < N; i++) await bot.say(zhang, `/上报 学习 ${1 + (i % 3)} 党课 ${1 + (i % 2)}`)
  const c = process.cpuUsage(c0)
  console.log(
    'RESULT cpu ms per report',
    ((c.user + c.system) / 1000 / N).toFixed(3),
    'wall',
    ((performance.now() - t0) / N).toFixed(3),
  )
  const { profile } = await session.post('Profiler.stop')
  writeFileSync('/tmp/inproc.cpuprofile', JSON.stringify(profile))
  await bot.close()
}, 300_000)
