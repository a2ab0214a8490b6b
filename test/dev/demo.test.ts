import { DemoRefusedError } from '../../src/errors'
import { and, inArray, lt } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { rectifications, reports, revocations } from '../../db/schema'
import { DEMO_ADMIN_ID, leaderId, seedDemo } from '../../src/dev/demo'
import { shanghaiDate, weekKey } from '../../src/domain/week'
import { cardText } from '../support/bot'
import { createConsoleApp } from './console-server'

const NOW = new Date('2026-11-26T04:00:00Z') // a Thursday noon in Shanghai

let open: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()))
  open = []
})
async function consoleApp() {
  const made = await createConsoleApp({ now: NOW })
  open.push(made)
  return made
}

describe('demo data', () => {
  it('fills an empty database with a campaign every card can show', async () => {
    const { deps, call } = await consoleApp()
    const summary = (await call('/dev/api/demo', {})).body.summary
    expect(summary).toMatchObject({ units: 12, people: 17, rectifications: 7 })
    const { db } = deps.database
    const weeks = new Set((await db.select().from(reports)).map((r) => r.week))
    expect(weeks.size).toBe(6)
    expect([...weeks].every((w) => w <= weekKey(NOW))).toBe(true)
    expect((await db.select().from(revocations)).length).toBe(summary.revoked)
    expect(summary.revoked).toBeGreaterThan(0)
    const overdue = await db
      .select()
      .from(rectifications)
      .where(
        and(
          inArray(rectifications.status, ['open', 'pending']),
          lt(rectifications.deadline, shanghaiDate(NOW)),
        ),
      )
    expect(overdue.length).toBeGreaterThanOrEqual(2)
    expect(overdue.map((r) => r.code)).toContain('ZG-2026-001')

    const roster = (await call('/dev/api/state')).body.roster
    expect(roster.filter((r: any) => r.role === 'leader').map((r: any) => r.openId)).toEqual([
      leaderId(0),
      leaderId(1),
    ])
    expect(roster).toContainEqual(expect.objectContaining({ openId: DEMO_ADMIN_ID, role: 'admin' }))
  })

  it('answers the leaders with real totals', async () => {
    const { call } = await consoleApp()
    await call('/dev/api/demo', {})
    const chat = `oc_console_p2p_${leaderId(0)}`
    await call('/dev/api/say', { as: leaderId(0), chat, text: '/统计 累计' })
    const reply = (await call(`/dev/api/chats/${chat}`)).body.at(-1)
    expect(cardText(reply.card)).toMatch(/集中学习 \d+次/)
  })

  it('refuses a database that already holds units or reports, and changes nothing', async () => {
    const { deps, call } = await consoleApp()
    await call('/dev/api/say', {
      as: 'ou_console_admin',
      chat: 'oc_console_liaisons',
      text: '@统计机器人 /单位 添加 区财政局',
    })
    const refused = await call('/dev/api/demo', {})
    expect(refused.status).toBe(400)
    expect(refused.body.error).toContain('已经有 1 个单位')
    await expect(seedDemo(deps.database, NOW)).rejects.toBeInstanceOf(DemoRefusedError)
    expect(await deps.database.db.select().from(reports)).toEqual([])
  })
})
