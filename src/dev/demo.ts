import { DemoRefusedError } from '../errors'
import { runWrite, type Database, type Db } from '../../db/client'
import { personWrite } from '../../db/queries/people'
import { addRectification, recordChange } from '../../db/queries/rectifications'
import { countReports, insertReport, revokeWrites } from '../../db/queries/reports'
import { addUnitsWrites, countUnits, listUnits, unitWrite } from '../../db/queries/units'
import { addWeeks, shanghaiDate, weekKey, weekRange } from '../domain/week'
import { DEMO_ADMIN, DEMO_LEADERS, DEMO_RECTIFICATIONS, DEMO_UNITS, WEEKLY_MENU } from './demo-data'

const HOUR = 3600_000
const DAY = 24 * HOUR
const WEEKS = 6

export const DEMO_ADMIN_ID = 'ou_demo_admin'
export const leaderId = (i: number) => `ou_demo_leader_${i + 1}`
export const liaisonId = (unit: number, i: number) =>
  `ou_demo_u${String(unit + 1).padStart(2, '0')}_${i + 1}`

export type DemoSummary = {
  units: number
  people: number
  reports: number
  revoked: number
  rectifications: number
}

/** Fills an empty database with six weeks of a believable campaign, relative to `now`. */
export async function seedDemo(database: Database, now: Date): Promise<DemoSummary> {
  return database.write(async (tx) => {
    await refuseIfUsed(tx)
    const unitIds = await seedPeople(tx, now)
    const { reported, revoked } = await seedReports(tx, unitIds, now)
    await seedRectifications(tx, unitIds, now)
    const people = DEMO_UNITS.reduce((n, u) => n + u.liaisons.length, DEMO_LEADERS.length + 1)
    return {
      units: unitIds.length,
      people,
      reports: reported,
      revoked,
      rectifications: DEMO_RECTIFICATIONS.length,
    }
  })
}

async function refuseIfUsed(tx: Db) {
  const [u, r] = [await countUnits(tx), await countReports(tx)]
  if (u > 0 || r > 0) {
    throw new DemoRefusedError(
      `数据库里已经有 ${u} 个单位、${r} 条上报，演示数据只写入空数据库。` +
        '请换一个空库再试，例如 DATABASE_URL=file:./data/demo.db npm run demo',
    )
  }
}

async function seedPeople(tx: Db, now: Date): Promise<number[]> {
  // The database is empty (refuseIfUsed): every name is new.
  const names = DEMO_UNITS.map((u) => u.name)
  for (const w of addUnitsWrites(names, now)) await runWrite(tx, w)
  const byName = new Map((await listUnits(tx)).map((u) => [u.name, u.id]))
  const ids = DEMO_UNITS.map((u) => byName.get(u.name)!)
  for (const [i, unit] of DEMO_UNITS.entries()) {
    await runWrite(tx, unitWrite(ids[i]!, { aliases: unit.aliases }))
    for (const [j, name] of unit.liaisons.entries()) {
      await runWrite(tx, personWrite({ openId: liaisonId(i, j), name, unitId: ids[i]! }, now))
    }
  }
  for (const [i, name] of DEMO_LEADERS.entries()) {
    await runWrite(tx, personWrite({ openId: leaderId(i), name, role: 'leader' }, now))
  }
  await runWrite(tx, personWrite({ openId: DEMO_ADMIN_ID, name: DEMO_ADMIN, role: 'admin' }, now))
  return ids
}

/** Most units report most weeks; a few miss a week, a few correct a report. */
async function seedReports(tx: Db, unitIds: number[], now: Date) {
  let reported = 0
  let revoked = 0
  for (let back = WEEKS - 1; back >= 0; back--) {
    const week = addWeeks(weekKey(now), -back)
    for (const [u, unitId] of unitIds.entries()) {
      if ((u * 7 + back * 3) % 6 === 0) continue
      const at = new Date(weekRange(week).start.getTime() + ((u % 4) + 1) * DAY + 10 * HOUR)
      if (at >= now) continue
      const items = weeklyItems(u, back)
      const report = { unitId, week, reporterOpenId: liaisonId(u, 0), note: null }
      const id = await insertReport(tx, {
        ...report,
        messageId: `demo-${week}-${unitId}`,
        createdAt: at,
        items,
      })
      reported++
      if ((u + back) % 7 !== 3) continue
      // A liaison notices a typo, revokes the report and sends it again.
      const fixedAt = new Date(at.getTime() + HOUR)
      for (const w of revokeWrites(id, report.reporterOpenId, fixedAt)) await runWrite(tx, w)
      const fixed = items.map((i) => ({ ...i, amount: Math.max(1, i.amount - 1) }))
      await insertReport(tx, {
        ...report,
        messageId: `demo-${week}-${unitId}-fix`,
        createdAt: fixedAt,
        items: fixed,
      })
      reported++
      revoked++
    }
  }
  return { reported, revoked }
}

function weeklyItems(unit: number, back: number) {
  const n = 2 + ((unit + back) % 3)
  return Array.from({ length: n }, (_, k) => {
    const [indicator, typical] = WEEKLY_MENU[(unit * 5 + back + k * 3) % WEEKLY_MENU.length]!
    return { indicator, amount: typical + ((unit + back + k) % 3) }
  }).filter((item, k, all) => all.findIndex((o) => o.indicator === item.indicator) === k)
}

/** Through the ledger's own queries: each item filed, then moved on, with its history. */
async function seedRectifications(tx: Db, unitIds: number[], now: Date) {
  for (const [i, demo] of DEMO_RECTIFICATIONS.entries()) {
    const filedAt = new Date(now.getTime() - (40 - i * 3) * DAY)
    const item = await addRectification(
      tx,
      {
        problem: demo.problem,
        source: demo.source,
        measures: demo.measures,
        deadline: shanghaiDate(new Date(now.getTime() + demo.dueInDays * DAY)),
        leadLeader: DEMO_LEADERS[i % 2]!,
        leadLeaderOpenId: leaderId(i % 2),
        unitId: unitIds[demo.unit]!,
      },
      { actor: DEMO_ADMIN_ID, dedupeKey: `demo-create-${i}` },
      filedAt,
    )
    if (demo.status === 'open') continue
    const at = new Date(now.getTime() - 3 * DAY)
    const change = {
      actor: DEMO_ADMIN_ID,
      action: demo.status === 'closed' ? 'close' : 'request_close',
      field: 'status',
      oldValue: 'open',
      newValue: demo.status,
      dedupeKey: `demo-status-${i}`,
    }
    const closedAt = demo.status === 'closed' ? at : null
    await recordChange(tx, item, change, { status: demo.status, closedAt }, at)
  }
}
