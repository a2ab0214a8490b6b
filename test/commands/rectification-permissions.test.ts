import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardText, type TestBot } from '../support/bot'
import {
  ADMIN,
  buttonsOf,
  file,
  historyCount,
  rectificationBot,
  leader,
  li,
  rows,
  stranger,
  zhang,
} from './rectification-support'

describe('through the chat: nobody but the office and the unit changes an item', () => {
  let bot: TestBot
  let code: string
  const snapshot = async () => ({
    item: await rows(bot, 'select status, deadline, closed_at from rectifications'),
    history: await historyCount(bot),
    items: (await rows(bot, 'select count(*) as n from rectifications'))[0]!.n,
  })

  beforeAll(async () => {
    bot = await rectificationBot()
    code = await file(bot, '问题 责任单位:区财政局 时限:2026-12-31 牵头领导:王')
  })
  afterAll(() => bot.close())

  it('leaders and liaisons read everything; strangers nothing', async () => {
    for (const who of [leader, zhang, li]) {
      expect(cardText(await bot.say(who, '/整改'))).toContain(code)
      expect(cardText(await bot.say(who, `/整改 详情 ${code}`))).toContain('变更记录')
    }
    const denied = cardText(await bot.say(stranger, '/整改'))
    expect(denied).not.toContain(code)
    expect(denied).toContain('没有绑定')
  })

  it('refuses every change from the wrong people and records nothing', async () => {
    const before = await snapshot()
    const attempts: Array<[{ openId: string }, string]> = [
      [stranger, `/整改 进展 ${code} 说明`],
      [stranger, `/整改 销号 ${code} 说明`],
      [leader, `/整改 进展 ${code} 说明`],
      [leader, `/整改 销号 ${code} 说明`],
      [leader, `/整改 新增 问题 责任单位:区财政局 时限:12-31 牵头领导:王`],
      [li, `/整改 进展 ${code} 说明`],
      [li, `/整改 销号 ${code} 说明`],
      [zhang, `/整改 延期 ${code} 2027-01-31 理由`],
      [zhang, `/整改 新增 问题 责任单位:区财政局 时限:12-31 牵头领导:王`],
      [zhang, `/整改 同意 ${code}`],
      [ADMIN, `/整改 进展 ZG-2026-099 说明`],
      [ADMIN, `/整改 延期 ${code} 2026-12-01 提前了`],
      [ADMIN, `/整改 延期 ${code} 后天 理由`],
      [ADMIN, `/整改 重开 ${code} 没销号`],
    ]
    for (const [who, text] of attempts) {
      const reply = cardText(await bot.say(who, text))
      expect(reply, text).toMatch(/没有记录|没有编号|早于|看不懂|不用重开/)
    }
    const value = { a: 'ledger-close', code, l: { v: 'outstanding', p: 0 } }
    for (const who of [stranger, leader, li]) {
      const res = await bot.click(who, value)
      expect(res.body.toast.type, who.openId).not.toBe('success')
    }
    const form = buttonsOf(await bot.say(ADMIN, '/整改 新增')).find((b) => b.text === '挂账')!
    const res = await bot.click(zhang, form.value, {
      formValue: { problem: 'x', unit: '1', deadline: '2026-12-31', leader: '王' },
    })
    expect(res.body.toast.type).toBe('error')
    expect(await snapshot()).toEqual(before)
  })
})
