import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cardText, type TestBot } from '../support/bot'
import {
  ADMIN,
  buttonsOf,
  codesIn,
  file,
  rectificationBot,
  rows,
  statusOf,
  addForm,
} from './rectification-support'

// 整改 codes come from the commit (Context.newId): what the reply shows is what is stored.

let bot: TestBot
beforeEach(async () => {
  bot = await rectificationBot()
})
afterEach(() => bot.close())

const stored = async () =>
  (
    await rows(
      bot,
      `select r.code, r.year, r.seq, h.new_value from rectifications r
       join rectification_history h on h.rectification_id = r.id and h.action = 'create'
       order by r.id`,
    )
  ).map((r) => [r.code, r.year, r.seq, r.new_value])

describe('整改 codes', () => {
  it('start again at 001 in a new Shanghai year, and the reply shows the code stored', async () => {
    // 2026-12-31 23:30 and 2027-01-01 00:10 in Shanghai (UTC+8).
    bot.setNow(new Date('2026-12-31T15:30:00Z'))
    expect(await file(bot, '甲 责任单位:区财政局 时限:2027-03-01 牵头领导:甲')).toBe('ZG-2026-001')
    bot.setNow(new Date('2026-12-31T16:10:00Z'))
    expect(await file(bot, '乙 责任单位:区财政局 时限:2027-03-01 牵头领导:乙')).toBe('ZG-2027-001')
    expect(await file(bot, '丙 责任单位:区财政局 时限:2027-03-01 牵头领导:丙')).toBe('ZG-2027-002')
    expect(await stored()).toEqual([
      ['ZG-2026-001', 2026, 1, 'ZG-2026-001'],
      ['ZG-2027-001', 2027, 1, 'ZG-2027-001'],
      ['ZG-2027-002', 2027, 2, 'ZG-2027-002'],
    ])
    const detail = cardText(await bot.say(ADMIN, '/整改 ZG-2027-002'))
    expect(detail).toContain('整改事项 ZG-2027-002')
  })

  it('never hand out a number an item filed without the sequence holds', async () => {
    const first = await file(bot, '甲 责任单位:区财政局 时限:2026-12-31 牵头领导:甲')
    // As the demo data or an older version filed it: straight into the table.
    await rows(
      bot,
      `insert into rectifications (code, year, seq, problem, source, deadline, lead_leader, unit_id, created_by, created_at)
       select 'ZG-2026-041', 2026, 41, '旧', '调查研究', '2026-12-31', '乙', unit_id, 'ou_admin', 0
       from rectifications where code = '${first}'`,
    )
    expect(await file(bot, '丙 责任单位:区财政局 时限:2026-12-31 牵头领导:丙')).toBe('ZG-2026-042')
    expect(await file(bot, '丁 责任单位:区财政局 时限:2026-12-31 牵头领导:丁')).toBe('ZG-2026-043')
  })

  it('a form submitted twice at once files one item, and neither click fails', async () => {
    const form = await addForm(bot, ADMIN)
    const submit = buttonsOf(form).find((b) => b.text === '挂账')!
    const unitId = String((await rows(bot, "select id from units where name = '区教育局'"))[0]!.id)
    const formValue = { problem: '台账不全', unit: unitId, deadline: '2026-12-15', leader: '李' }
    const clicks = await Promise.all([
      bot.click(ADMIN, submit.value, { formValue }),
      bot.click(ADMIN, submit.value, { formValue }),
    ])
    expect(clicks.map((c) => c.status)).toEqual([200, 200])
    const toasts = clicks.map((c) => c.body.toast.content)
    const won = toasts.indexOf('已挂账 ZG-2026-001')
    expect(won).not.toBe(-1)
    const lost = toasts[1 - won]
    // Whichever read second: the form filed already, or the race lost at the commit.
    expect(lost).toMatch(/^(这张表单已挂账为 ZG-2026-001|刚才有人同时做了同样的操作，这次没有记录)/)
    expect(await stored()).toEqual([['ZG-2026-001', 2026, 1, 'ZG-2026-001']])
    // The number the failed attempt took is not skipped: its batch was rolled back.
    expect(await file(bot, '乙 责任单位:区财政局 时限:2026-12-31 牵头领导:乙')).toBe('ZG-2026-002')
  })
})

describe('销号 from a list card', () => {
  it('answers with the page as it reads after: the item gone, the next one moved up', async () => {
    const codes: string[] = []
    for (let i = 1; i <= 11; i++)
      codes.push(await file(bot, `问题${i} 责任单位:区财政局 时限:2026-12-${10 + i} 牵头领导:甲`))
    // A list in the private chat, which its 销号 form replaces and its submission brings back.
    const list = await bot.say(ADMIN, '/整改', { chatType: 'p2p', chatId: 'oc_admin' })
    expect(codesIn(list)).toEqual(codes.slice(0, 10))
    const close = buttonsOf(list).find((b) => b.text === '销号' && b.value.code === codes[0])!
    const form = (await bot.click(ADMIN, close.value)).body.card!.data
    const confirm = buttonsOf(form).find((b) => b.text === '确认销号')!
    const closed = await bot.click(ADMIN, confirm.value, { formValue: { outcome: '已整改' } })
    expect(closed.body.toast.content).toBe(`${codes[0]} 已销号`)
    const after = closed.body.card!.data
    expect(codesIn(after)).toEqual(codes.slice(1, 11))
    expect(cardText(after)).toContain('第 1/1 页，共 10 项')
    expect(await statusOf(bot, codes[0]!)).toBe('closed')
    // What the card said is what a fresh list reads.
    expect(codesIn(await bot.say(ADMIN, '/整改', { chatType: 'p2p' }))).toEqual(codesIn(after))
  })
})
