import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runOverdueJob } from '../../src/jobs/overdue'
import { cardText, type TestBot } from '../support/bot'
import {
  ADMIN,
  file,
  rectificationBot,
  li,
  office2,
  zhang,
} from '../commands/rectification-support'

// Friday 2026-11-27 in Shanghai; the job runs in the morning.
const at = (date: string) => new Date(`${date}T09:00:00+08:00`)
let bot: TestBot
// What the job sent: the notices of new items, sent as they are filed, are left out.
const sends = () =>
  bot.outbox.items.filter((i) => i.kind === 'send' && !cardText(i.card).includes('新挂账'))
const sentTo = (who: { openId: string }) =>
  sends()
    .filter((s) => s.to === `open_id:${who.openId}`)
    .map((s) => cardText(s.card))

beforeEach(async () => {
  bot = await rectificationBot()
})
afterEach(() => bot.close())

describe('runOverdueJob', () => {
  it('says nothing when nothing is overdue or due soon', async () => {
    await file(bot, '远期 责任单位:区财政局 时限:2027-06-30 牵头领导:甲')
    expect(await runOverdueJob(bot.deps, at('2026-11-27'))).toEqual({ sent: 0 })
    expect(sends()).toHaveLength(0)
  })

  it('tells the office once about each item that passed its deadline', async () => {
    const late = await file(bot, '逾期 责任单位:区财政局 时限:2026-11-26 牵头领导:甲')
    const closed = await file(bot, '已办 责任单位:区财政局 时限:2026-11-20 牵头领导:乙')
    await bot.say(ADMIN, `/整改 销号 ${closed} 已完成`)
    // The office, and the unit's liaison in one card for the unit.
    expect((await runOverdueJob(bot.deps, at('2026-11-27'))).sent).toBe(3)
    expect(sentTo(zhang)).toEqual([expect.stringContaining('整改事项逾期 · 区财政局')])
    for (const admin of [ADMIN, office2]) {
      const cards = sentTo(admin)
      expect(cards).toHaveLength(1)
      expect(cards[0]).toContain(`整改事项逾期 ${late}`)
      expect(cards[0]).toContain('逾期1天')
    }
    expect(await runOverdueJob(bot.deps, at('2026-11-27'))).toEqual({ sent: 0 })
    expect(await runOverdueJob(bot.deps, at('2026-11-28'))).toEqual({ sent: 0 })

    // Extended and overdue again: that is news once more.
    bot.setNow(at('2026-11-28'))
    await bot.say(ADMIN, `/整改 延期 ${late} 2026-11-29 再给两天`)
    expect((await runOverdueJob(bot.deps, at('2026-11-30'))).sent).toBe(3)
    expect(sentTo(zhang)).toHaveLength(2)
    expect(sentTo(ADMIN).filter((c) => c.includes('逾期'))).toHaveLength(2)
  })

  it('tells each unit’s liaisons about their items due within three days, once a day', async () => {
    const due = await file(bot, '临期 责任单位:区财政局 时限:2026-11-30 牵头领导:甲')
    await file(bot, '稍远 责任单位:区财政局 时限:2026-12-01 牵头领导:乙')
    const today = await file(bot, '今天到期 责任单位:区教育局 时限:2026-11-27 牵头领导:丙')
    expect((await runOverdueJob(bot.deps, at('2026-11-27'))).sent).toBe(2)
    expect(sentTo(zhang)).toHaveLength(1)
    expect(sentTo(zhang)[0]).toContain(due)
    expect(sentTo(zhang)[0]).toContain('3天后到期')
    expect(sentTo(zhang)[0]).not.toContain('稍远')
    expect(sentTo(li)[0]).toContain(today)
    expect(sentTo(li)[0]).toContain('今天到期')
    expect(sentTo(ADMIN)).toHaveLength(0)

    expect((await runOverdueJob(bot.deps, at('2026-11-27'))).sent).toBe(0)
    // Next day: zhang's due-soon card, and yesterday's item is overdue to the office and to li.
    expect((await runOverdueJob(bot.deps, at('2026-11-28'))).sent).toBe(4)
    expect(sentTo(li).at(-1)).toContain('整改事项逾期 · 区教育局')
    expect(sentTo(zhang).at(-1)).toContain('稍远')
  })
})

describe('review requests the office never got', () => {
  it('are sent by the daily sweep, once per admin, and not after the item is handled', async () => {
    const code = await file(bot, '待审 责任单位:区财政局 时限:2027-06-30 牵头领导:甲')
    bot.setNow(at('2026-11-27'))
    await bot.say(zhang, `/整改 销号 ${code} 已整改完毕`)
    const reviews = () => sentTo(ADMIN).filter((c) => c.includes(code) && c.includes('同意'))
    expect(reviews()).toHaveLength(1)
    expect(await runOverdueJob(bot.deps, at('2026-11-28'))).toEqual({ sent: 0 })

    // As if the process had died after the request committed, before the cards went out.
    await bot.deps.database.client.execute(
      "delete from job_deliveries where job = 'rectification-review'",
    )
    expect(await runOverdueJob(bot.deps, at('2026-11-28'))).toEqual({ sent: 2 })
    expect(await runOverdueJob(bot.deps, at('2026-11-28'))).toEqual({ sent: 0 })

    await bot.say(ADMIN, `/整改 同意 ${code}`)
    await bot.deps.database.client.execute(
      "delete from job_deliveries where job = 'rectification-review'",
    )
    expect(await runOverdueJob(bot.deps, at('2026-11-29'))).toEqual({ sent: 0 })
  })
})
