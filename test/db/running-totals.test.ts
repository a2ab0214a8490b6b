import { afterEach, beforeEach, expect, it } from 'vitest'
import { rebuildTotals, stockLevelsAt, totalsByUnit } from '../../db/queries/totals'
import { catalog } from '../../src/domain/catalog'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { li, twoUnits, wang, zhang } from '../support/liaisons'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const DAY_MS = 24 * 3600 * 1000

let bot: TestBot
let now = FRIDAY

beforeEach(async () => {
  now = new Date(FRIDAY.getTime() - 5 * 7 * DAY_MS)
  bot = await createTestBot({ now: () => now })
  await twoUnits(bot)
})
afterEach(() => bot.close())

const rows = async (sql: string) => (await bot.deps.database.client.execute(sql)).rows

/**
 * What counts, from the raw tables and nothing of ours: per unit, indicator and week, the sum
 * and the latest report's figure, for entries of reports not revoked, not held (or released),
 * and not replaced by a /更正.
 */
async function expectedTotals() {
  const entries = await rows(`
    select r.id, r.unit_id, r.week, e.indicator, e.amount from entries e
    join reports r on r.id = e.report_id
    where r.id not in (select report_id from revocations)
      and (r.held is null or r.released_at is not null)
      and not exists (select 1 from entry_revocations x
                      where x.report_id = e.report_id and x.indicator = e.indicator)`)
  const week = new Map<string, { amount: number; latest: number; lastId: number }>()
  const unit = new Map<string, number>()
  for (const e of entries) {
    const key = `${e.unit_id}|${e.indicator}|${e.week}`
    const seen = week.get(key) ?? { amount: 0, latest: 0, lastId: 0 }
    const amount = Number(e.amount)
    const latest = Number(e.id) > seen.lastId
    week.set(key, {
      amount: seen.amount + amount,
      latest: latest ? amount : seen.latest,
      lastId: Math.max(seen.lastId, Number(e.id)),
    })
    const unitKey = `${e.unit_id}|${e.indicator}`
    unit.set(unitKey, (unit.get(unitKey) ?? 0) + amount)
  }
  return {
    week: [...week].map(([k, v]) => `${k}|${v.amount}|${v.latest}`).sort(),
    unit: [...unit].map(([k, v]) => `${k}|${v}`).sort(),
  }
}

async function storedTotals() {
  const week = await rows('select unit_id, indicator, week, amount, latest from week_totals')
  const unit = await rows('select unit_id, indicator, amount from unit_totals')
  return {
    week: week.map((r) => `${r.unit_id}|${r.indicator}|${r.week}|${r.amount}|${r.latest}`).sort(),
    unit: unit.map((r) => `${r.unit_id}|${r.indicator}|${r.amount}`).sort(),
  }
}

/** A small deterministic PRNG, so a failure names a sequence that can be replayed. */
function random(seed: number) {
  let s = seed
  return (n: number) => {
    // mulberry32
    s = (s + 0x6d2b79f5) | 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) % n
  }
}

it('keeps the running totals equal to the entries through reports, holds, revocations and corrections', async () => {
  const pick = random(20261127)
  // Indicators a liaison may report, flows and stocks, by the names people type.
  const reportable = catalog.all.filter((i) => i.kind === 'flow' || i.kind === 'stock').slice(0, 8)
  expect(reportable.some((i) => i.kind === 'stock')).toBe(true)
  const people = [zhang, wang, li]
  for (let step = 0; step < 160; step++) {
    const who = people[pick(people.length)]!
    const ind = reportable[pick(reportable.length)]!
    const lastWeek = pick(4) === 0
    const roll = pick(10)
    if (roll < 6) {
      const second = reportable[pick(reportable.length)]!
      const extra = second.key === ind.key ? '' : ` ${second.name} ${1 + pick(4)}`
      // Now and then far above the unit's history: held back until confirmed.
      const amount = pick(12) === 0 ? 400 : 1 + pick(5)
      await bot.say(who, `/上报 ${lastWeek ? '上周 ' : ''}${ind.name} ${amount}${extra}`)
    } else if (roll < 7) {
      await bot.say(who, '/撤销')
    } else if (roll < 8) {
      await bot.say(who, `/更正 ${ind.name} ${pick(6)}${lastWeek ? ' 上周' : ''}`)
    } else if (roll < 9) {
      const [held] = await rows(
        'select id, reporter_open_id from reports where held is not null and released_at is null',
      )
      const by = people.find((p) => p.openId === held?.reporter_open_id)
      if (held && by) await bot.click(by, { a: 'release', report: Number(held.id) })
    } else {
      now = new Date(now.getTime() + DAY_MS)
    }
    if (step % 40 === 39) expect(await storedTotals()).toEqual(await expectedTotals())
  }
  const stored = await storedTotals()
  expect(stored).toEqual(await expectedTotals())
  // Everything above touched both units, held reports and corrections, across weeks.
  expect(stored.week.length).toBeGreaterThan(20)
  expect(Number((await rows('select count(*) n from entry_revocations'))[0]!.n)).toBeGreaterThan(0)
  expect(Number((await rows('select count(*) n from revocations'))[0]!.n)).toBeGreaterThan(0)
  expect(
    Number((await rows('select count(*) n from reports where held is not null'))[0]!.n),
  ).toBeGreaterThan(0)
  // A cumulative to the end of an earlier week: what counted in that week and before.
  const weeks = (await rows('select distinct week from week_totals order by week')).map((r) =>
    String(r.week),
  )
  for (const through of weeks) {
    const raw = await rows(`select unit_id, indicator, sum(amount) total from week_totals
      where week <= '${through}' group by unit_id, indicator`)
    const sums = await totalsByUnit(bot.deps.database.db, { through })
    expect(sums.map((r) => `${r.unitId}|${r.indicator}|${r.total}`).sort()).toEqual(
      raw.map((r) => `${r.unit_id}|${r.indicator}|${r.total}`).sort(),
    )
  }
  expect(weeks.length).toBeGreaterThan(3)
  // A stock's level at a week: the latest figure of its latest week up to then.
  const stocks = reportable.filter((i) => i.kind === 'stock').map((i) => i.key)
  for (const through of weeks) {
    const raw = await rows(`select unit_id, indicator, week, latest from week_totals
      where week <= '${through}' and indicator in (${stocks.map((k) => `'${k}'`).join(',')})
      order by week`)
    const latest = new Map(raw.map((r) => [`${r.unit_id}|${r.indicator}`, Number(r.latest)]))
    const levels = await stockLevelsAt(bot.deps.database.db, stocks, { through })
    expect(levels.map((r) => `${r.unitId}|${r.indicator}|${r.total}`).sort()).toEqual(
      [...latest].map(([k, v]) => `${k}|${v}`).sort(),
    )
  }
  // And recomputing them from scratch (what a bulk load runs) gives the same.
  await bot.deps.database.write((tx) => rebuildTotals(tx))
  expect(await storedTotals()).toEqual(stored)
})

it('shows the running totals on the cards', async () => {
  now = FRIDAY
  await bot.say(zhang, '/上报 学习 3')
  await bot.say(li, '/上报 学习 4')
  await bot.say(zhang, '/撤销')
  await bot.say(wang, '/上报 学习 2')
  expect(cardText(await bot.say(ADMIN, '/统计 累计'))).toContain('集中学习 6次')
  expect(cardText(await bot.say(ADMIN, '/统计 本周'))).toContain('集中学习 6次')
})
