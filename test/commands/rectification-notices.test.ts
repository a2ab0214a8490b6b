import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cardText, type TestBot } from '../support/bot'
import {
  ADMIN,
  addForm,
  buttonsOf,
  codesIn,
  file,
  leader,
  li,
  rectificationBot,
  rows,
  statusOf,
  zhang,
} from './rectification-support'

let bot: TestBot
beforeEach(async () => {
  bot = await rectificationBot()
})
afterEach(() => bot.close())

const sends = () => bot.outbox.items.filter((i) => i.kind === 'send')
const sentTo = (to: string) =>
  sends()
    .filter((s) => s.to === to)
    .map((s) => cardText(s.card))
const at = (date: string) => new Date(`${date}T09:00:00+08:00`)

describe('the responsible unit’s liaisons hear', () => {
  it('of a new item, privately, once', async () => {
    const code = await file(
      bot,
      '窗口排队长 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长 措施:增设窗口',
    )
    const notice = sentTo(`open_id:${zhang.openId}`)
    expect(notice).toHaveLength(1)
    expect(notice[0]).toContain(`新挂账整改事项 ${code}`)
    expect(notice[0]).toContain('增设窗口')
    expect(notice[0]).toContain(`/整改 销号 ${code} <整改成效>`)
    expect(sentTo(`open_id:${li.openId}`)).toHaveLength(0)
  })

  it('of a new item in the liaisons’ group when one is set, @mentioned', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    const code = await file(bot, '台账不全 责任单位:区教育局 时限:2026-12-31 牵头领导:王局长')
    expect(sentTo(`open_id:${li.openId}`)).toHaveLength(0)
    const [notice] = sentTo('chat_id:oc_liaisons')
    expect(notice).toContain(`<at id=${li.openId}></at>`)
    expect(notice).not.toContain(zhang.openId)
    expect(notice).toContain(`@${bot.config.lark.botName} /整改 进展 ${code}`)
  })

  it('of the office’s answer to their 销号 request, with the reason when sent back', async () => {
    const code = await file(bot, '流程繁琐 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长')
    await bot.say(zhang, `/整改 销号 ${code} 已印发新流程`)
    const review = sends().find((s) => cardText(s.card).includes('销号审核'))!
    const reject = buttonsOf(review.card).find((b) => b.text === '退回')!
    await bot.click(ADMIN, reject.value, { formValue: { reason: '缺少印发文件' } })
    await bot.click(ADMIN, reject.value, { formValue: { reason: '缺少印发文件' } })
    const returned = sentTo(`open_id:${zhang.openId}`).filter((c) => c.includes('被退回'))
    expect(returned).toHaveLength(1)
    expect(returned[0]).toContain('**退回理由**：缺少印发文件')

    await bot.say(zhang, `/整改 销号 ${code} 文件已印发并上传`)
    await bot.say(ADMIN, `/整改 同意 ${code}`)
    const approved = sentTo(`open_id:${zhang.openId}`).filter((c) => c.includes('已同意销号'))
    expect(approved).toHaveLength(1)
    expect(approved[0]).toContain(`${code} 已同意销号`)
  })
})

describe('the office’s 退回', () => {
  const review = async (code: string) => {
    await bot.say(zhang, `/整改 销号 ${code} 已印发新流程`)
    return sends().findLast((s) => cardText(s.card).includes(`销号审核 ${code}`))!.card
  }

  it('asks for confirmation and a reason; without one nothing changes and nobody hears', async () => {
    const code = await file(bot, '流程繁琐 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长')
    const card = await review(code)
    expect(cardText(card)).toContain('退回理由（退回时必填，会发给责任单位）')
    const rejectButton = JSON.stringify(card).match(/"content":"退回"[^]*?"confirm":(\{[^]*?\}\})/)
    expect(rejectButton?.[1]).toContain(`退回 ${code} 的销号申请`)
    const reject = buttonsOf(card).find((b) => b.text === '退回')!
    for (const formValue of [{}, { reason: '  ' }]) {
      const { body } = await bot.click(ADMIN, reject.value, { formValue })
      expect(body.toast.content).toContain('请先在「退回理由」一栏写明为什么退回')
    }
    expect(await statusOf(bot, code)).toBe('pending')
    expect(sentTo(`open_id:${zhang.openId}`).filter((c) => c.includes('被退回'))).toEqual([])
  })

  it('reaches the unit’s liaisons privately, even when a liaisons’ group is set', async () => {
    await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
    const code = await file(bot, '流程繁琐 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长')
    const reject = buttonsOf(await review(code)).find((b) => b.text === '退回')!
    await bot.click(ADMIN, reject.value, { formValue: { reason: '缺少印发文件' } })
    const returned = sends().filter((s) => cardText(s.card).includes('被退回'))
    expect(returned.map((s) => s.to)).toEqual([`open_id:${zhang.openId}`])
    expect(cardText(returned[0]!.card)).toContain('**退回理由**：缺少印发文件')
    // The notice's 销号 button is the one it mentions, for this item.
    expect(cardText(returned[0]!.card)).toContain('点下方 **销号**')
    const close = buttonsOf(returned[0]!.card).find((b) => b.text === '销号')!
    expect(close.value).toMatchObject({ a: 'ledger-close', code })
    const form = await bot.click(zhang, close.value)
    expect(cardText(form.body.card!.data)).toContain('整改成效（必填）')
  })
})

describe('notices carry what they mention', () => {
  it('a new item: its 销号 button and commands under its own code', async () => {
    const code = await file(bot, '窗口排队长 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长')
    const notice = sends().find((s) => cardText(s.card).includes(`新挂账整改事项 ${code}`))!
    const text = cardText(notice.card)
    expect(text).not.toContain('台账卡片')
    expect(text).toContain(
      `在群里发一条富文本消息，写上「@统计机器人 /整改 佐证 ${code}」并在同一条消息里插入图片或文件`,
    )
    expect(buttonsOf(notice.card)).toEqual([
      { text: '销号', value: expect.objectContaining({ a: 'ledger-close', code }) },
    ])
  })

  it('an overdue list: a 销号 button per item and a real code in the command', async () => {
    const a = await file(bot, '甲逾期 责任单位:区财政局 时限:2026-11-20 牵头领导:王局长')
    const b = await file(bot, '乙逾期 责任单位:区财政局 时限:2026-11-25 牵头领导:王局长')
    const c = await file(bot, '丙逾期 责任单位:区教育局 时限:2026-11-26 牵头领导:王局长')
    await bot.runJob('overdue', { now: at('2026-11-27') })
    const toZhang = sends().find(
      (s) => s.to === `open_id:${zhang.openId}` && cardText(s.card).includes('整改事项逾期'),
    )!
    expect(cardText(toZhang.card)).not.toContain('<编号>')
    expect(cardText(toZhang.card)).toContain(`/整改 销号 ${a} <整改成效>**（编号换成要销号的事项）`)
    expect(buttonsOf(toZhang.card).map((x) => x.text)).toEqual([`销号 ${a}`, `销号 ${b}`])
    const toLi = sends().find(
      (s) => s.to === `open_id:${li.openId}` && cardText(s.card).includes('整改事项逾期'),
    )!
    expect(cardText(toLi.card)).toContain(`/整改 销号 ${c} <整改成效>`)
    expect(buttonsOf(toLi.card).map((x) => x.text)).toEqual(['销号'])
  })
})

describe('the office chooses whether liaisons hear of an item', () => {
  const toZhang = () => sentTo(`open_id:${zhang.openId}`)

  it('a 巡视巡察 or 审计 finding is not sent to them, new or overdue, unless 通知:是', async () => {
    const quiet = await file(
      bot,
      '甲问题 责任单位:区财政局 时限:2026-11-20 牵头领导:王局长 来源:巡视巡察',
    )
    await file(bot, '乙问题 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长 来源:审计')
    expect(toZhang()).toEqual([])
    expect(cardText(await bot.say(ADMIN, `/整改 详情 ${quiet}`))).toContain('**通知联络员**：否')
    const told = await file(
      bot,
      '丙问题 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长 来源:审计 通知:是',
    )
    expect(toZhang()).toEqual([expect.stringContaining(`新挂账整改事项 ${told}`)])

    await bot.runJob('overdue', { now: at('2026-11-27') })
    expect(toZhang().filter((c) => c.includes('逾期'))).toEqual([])
    expect(sentTo(`open_id:${ADMIN.openId}`)).toContainEqual(
      expect.stringContaining(`整改事项逾期 ${quiet}`),
    )
  })

  it('any item can be kept from them, in the command or the form; a wrong word files nothing', async () => {
    const bad = cardText(
      await bot.say(ADMIN, '/整改 新增 甲 责任单位:区财政局 时限:2026-12-31 牵头领导:王 通知:随便'),
    )
    expect(bad).toContain('看不懂「通知:随便」')
    expect(bad).toContain('通知:否')
    expect(await rows(bot, 'select * from rectifications')).toHaveLength(0)
    await file(bot, '乙 责任单位:区财政局 时限:2026-12-31 牵头领导:王局长 通知:否')

    const form = (await addForm(bot, ADMIN))!
    expect(cardText(form)).toContain('按来源：巡视巡察、审计监督的不通知，其余通知')
    const submit = buttonsOf(form).find((b) => b.text === '挂账')!
    const unit = String((await rows(bot, "select id from units where name = '区财政局'"))[0]!.id)
    const fields = { unit, deadline: '2026-12-15 +0800', leader: '李局长', source: '督导' }
    await bot.click(ADMIN, submit.value, { formValue: { ...fields, problem: '丙', notify: '否' } })
    expect(toZhang()).toEqual([])
    const again = buttonsOf(await addForm(bot, ADMIN)).find((b) => b.text === '挂账')!
    await bot.click(ADMIN, again.value, {
      formValue: { ...fields, problem: '丁', notify: 'source' },
    })
    expect(toZhang()).toEqual([expect.stringContaining('新挂账整改事项 ZG-2026-003')])
  })
})

describe('overdue alerts', () => {
  it('reach each unit’s liaisons in one card, and the 牵头领导 @mentioned when the item was filed', async () => {
    const a = await file(bot, '甲逾期 责任单位:区财政局 时限:2026-11-20 牵头领导:王局长')
    const b = await file(bot, '乙逾期 责任单位:区财政局 时限:2026-11-25 牵头领导:王局长')
    await bot.say(ADMIN, '/整改 新增 丙逾期 责任单位:区教育局 时限:2026-11-26 牵头领导:@_user_1', {
      mentions: [leader],
    })
    const before = sends().length
    await bot.runJob('overdue', { now: at('2026-11-27') })
    const toZhang = sentTo(`open_id:${zhang.openId}`).filter((c) => c.includes('整改事项逾期'))
    expect(toZhang).toHaveLength(1)
    expect(codesIn(sends().find((s) => cardText(s.card) === toZhang[0])!.card)).toEqual([a, b])
    const toLi = sentTo(`open_id:${li.openId}`).filter((c) => c.includes('整改事项逾期'))
    expect(toLi).toHaveLength(1)
    expect(toLi[0]).toContain('ZG-2026-003')
    expect(sentTo(`open_id:${leader.openId}`)).toEqual([
      expect.stringContaining('整改事项逾期 ZG-2026-003'),
    ])

    const sent = sends().length
    expect(sent).toBeGreaterThan(before)
    await bot.runJob('overdue', { now: at('2026-11-27') })
    await bot.runJob('overdue', { now: at('2026-11-28') })
    expect(sends()).toHaveLength(sent)
  })
})

describe('/整改 我的', () => {
  it('lists what a leader leads, and a liaison’s unit’s items', async () => {
    await bot.say(ADMIN, '/整改 新增 甲 责任单位:区财政局 时限:2026-12-31 牵头领导:@_user_1', {
      mentions: [leader],
    })
    await file(bot, `乙 责任单位:区教育局 时限:2026-12-30 牵头领导:${leader.name}`)
    await file(bot, '丙 责任单位:区教育局 时限:2026-12-29 牵头领导:王局长')
    const mine = await bot.say(leader, '/整改 我的')
    expect(codesIn(mine)).toEqual(['ZG-2026-002', 'ZG-2026-001'])
    expect(cardText(mine)).toContain(`${leader.name}牵头`)
    expect(codesIn(await bot.say(li, '/整改 我的'))).toEqual(['ZG-2026-003', 'ZG-2026-002'])
    expect(codesIn(await bot.say(ADMIN, '/整改 我的'))).toEqual([])
  })
})
