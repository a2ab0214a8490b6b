import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rectificationCounts } from '../../db/queries/rectifications'
import { cardFits } from '../../templates/card-limits'
import { cardText, type TestBot } from '../support/bot'
import {
  ADMIN,
  buttonsOf,
  codesIn,
  file,
  historyCount,
  rectificationBot,
  leader,
  office2,
  rows,
  statusOf,
  zhang,
  addForm,
  formFromGroup,
} from './rectification-support'

let bot: TestBot
beforeEach(async () => {
  bot = await rectificationBot()
})
afterEach(() => bot.close())

const list = async (text = '/整改', who = ADMIN) => bot.say(who, text)
const sends = () => bot.outbox.items.filter((i) => i.kind === 'send')

describe('/整改 新增', () => {
  it('files an item from full-width colons and a Chinese date, with its creation row', async () => {
    const card = await bot.say(
      ADMIN,
      '／整改 新增 窗口排队时间长 责任单位：区财政 时限：12月31日 牵头领导：王局长 来源：群众反映 措施：增设两个窗口',
    )
    const text = cardText(card)
    expect(text).toContain('已挂账 ZG-2026-001')
    expect(text).toContain('2026-12-31')
    const [row] = await rows(bot, 'select * from rectifications')
    expect(row).toMatchObject({
      code: 'ZG-2026-001',
      problem: '窗口排队时间长',
      source: '群众反映',
      measures: '增设两个窗口',
      deadline: '2026-12-31',
      lead_leader: '王局长',
      status: 'open',
    })
    expect(await historyCount(bot, 'ZG-2026-001')).toBe(1)
  })

  it('numbers items by year, reads 12-31 and explicit years, defaults the source', async () => {
    await file(bot, '甲 责任单位:区财政局 时限:12-31 牵头领导:甲')
    const code = await file(bot, '乙 乙乙 责任单位:区教育局 时限:2027年3月1日 牵头领导:@_user_1')
    expect(code).toBe('ZG-2026-002')
    const got = await rows(bot, 'select deadline, source, problem from rectifications order by id')
    expect(got.map((r) => [r.deadline, r.source])).toEqual([
      ['2026-12-31', '调查研究'],
      ['2027-03-01', '调查研究'],
    ])
    expect(got[1]!.problem).toBe('乙 乙乙')
  })

  it('keeps a mentioned lead leader as a Lark user', async () => {
    await bot.say(ADMIN, '/整改 新增 丙 责任单位:区财政局 时限:12-31 牵头领导:@_user_1', {
      mentions: [leader],
    })
    const [row] = await rows(bot, 'select lead_leader, lead_leader_open_id from rectifications')
    expect(row).toMatchObject({ lead_leader: '赵书记', lead_leader_open_id: leader.openId })
  })

  it('records nothing for a missing deadline, an unknown unit, an unreadable date', async () => {
    const cases: Array<[string, string]> = [
      ['问题 责任单位:区财政局 牵头领导:王', '时限'],
      ['问题 责任单位:区水务局 时限:12-31 牵头领导:王', '没有找到单位'],
      ['问题 责任单位:区财政局 时限:下个月 牵头领导:王', '看不懂日期'],
      ['问题 责任单位:区财政局 时限:2月30日 牵头领导:王', '没有「2月30日」这一天'],
      ['问题 责任单位:区财政局 时限:12-31 牵头领导:王 来源:网上', '来源可选'],
      ['责任单位:区财政局 时限:12-31 牵头领导:王', '问题'],
      ['问题 责任单位:区财政局 时限:12-31', '牵头领导'],
    ]
    for (const [args, says] of cases) {
      const text = cardText(await bot.say(ADMIN, `/整改 新增 ${args}`))
      expect(text, args).toContain('未能完成')
      expect(text, args).toContain(says)
    }
    expect(await rows(bot, 'select * from rectifications')).toHaveLength(0)
    expect(await historyCount(bot)).toBe(0)
  })

  it('opens a form whose submission files the same record, once per form', async () => {
    const form = await addForm(bot, ADMIN)
    const json = JSON.stringify(form)
    for (const tag of ['"form"', '"select_static"', '"date_picker"', '"input"'])
      expect(json).toContain(tag)
    expect(cardText(form)).toContain('区教育局')
    const submit = buttonsOf(form).find((b) => b.text === '挂账')!
    const unitId = String((await rows(bot, "select id from units where name = '区教育局'"))[0]!.id)
    const bad = await bot.click(ADMIN, submit.value, {
      formValue: { problem: '台账不全', unit: unitId, deadline: '明年', leader: '李局长' },
    })
    expect(bad.body.toast.content).toContain('看不懂日期')
    expect(await rows(bot, 'select * from rectifications')).toHaveLength(0)

    const good = {
      problem: '台账不全',
      unit: unitId,
      deadline: '2026-12-15 +0800',
      leader: '李局长',
      measures: '',
      source: '督导',
    }
    const first = await bot.click(ADMIN, submit.value, { formValue: good })
    expect(first.body.toast.content).toBe('已挂账 ZG-2026-001')
    expect(cardText(first.body.card!.data)).toContain('区教育局')
    const again = await bot.click(ADMIN, submit.value, { formValue: good })
    expect(again.body.toast.content).toContain('已挂账为 ZG-2026-001')
    const stored = await rows(bot, 'select deadline, source, unit_id from rectifications')
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ deadline: '2026-12-15', source: '督导' })
  })

  it('past 100 units asks for the unit by name, naming close matches when it is mistyped', async () => {
    const streets = Array.from({ length: 100 }, (_, i) => `街道${i + 1}社区`)
    await bot.say(ADMIN, `/单位 添加 ${streets.join(' ')}`)
    const form = await addForm(bot, ADMIN)
    expect(JSON.stringify(form)).not.toContain('select_static","name":"unit"')
    expect(JSON.stringify(form)).toContain('"name":"unit_name"')
    expect(cardText(form)).toContain('责任单位（共 103 个，写名称或简称）')
    const submit = buttonsOf(form).find((b) => b.text === '挂账')!
    const typed = (unit_name: string) => {
      const formValue = {
        problem: '台账不全',
        deadline: '2026-12-15 +0800',
        leader: '李局长',
        unit_name,
      }
      return bot.click(ADMIN, submit.value, { formValue }).then((r) => r.body.toast.content)
    }
    expect(await typed('区财正局')).toBe('没有找到单位「区财正局」，你是不是要写「区财政局」？')
    expect(await typed('社区')).toBe(
      '「社区」对应多个单位：「街道1社区」、「街道2社区」、「街道3社区」、「街道4社区」、「街道5社区」 等 100 个，请写全称。',
    )
    expect(await typed('')).toContain('请写上责任单位')
    expect(await rows(bot, 'select * from rectifications')).toHaveLength(0)
    expect(await typed('区教育')).toBe('已挂账 ZG-2026-001')
    const [row] = await rows(
      bot,
      'select u.name from rectifications r join units u on u.id = r.unit_id',
    )
    expect(row!.name).toBe('区教育局')
  })
})

describe('/整改 lists', () => {
  let late: string, soon: string, later: string, other: string
  beforeEach(async () => {
    later = await file(bot, '后到期 责任单位:区财政局 时限:2027-01-31 牵头领导:甲')
    late = await file(bot, '已逾期 责任单位:区财政局 时限:2026-11-20 牵头领导:乙')
    soon = await file(bot, '先到期 责任单位:区教育局 时限:12月1日 牵头领导:丙')
    other = await file(bot, '另一逾期 责任单位:区教育局 时限:2026-11-25 牵头领导:丁')
  })

  it('puts overdue items first, flagged in red with their days, then by deadline', async () => {
    const card = await list()
    expect(codesIn(card)).toEqual([late, other, soon, later])
    const text = cardText(card)
    expect(text).toContain("<font color='red'>逾期7天</font>")
    expect(text).toContain("<font color='red'>逾期2天</font>")
    expect(text.match(/逾期\d+天/g)).toHaveLength(2)
    expect(codesIn(await list('/整改 逾期'))).toEqual([late, other])
    expect(codesIn(await list('/整改 区教育局'))).toEqual([other, soon])
    expect(codesIn(await list('/整改 逾期 区财政局'))).toEqual([late])
  })

  it('pages ten at a time with 上一页/下一页', async () => {
    for (let i = 0; i < 8; i++)
      await file(bot, `问题${i} 责任单位:区卫健委 时限:2027-06-0${i + 1} 牵头领导:戊`)
    const first = await list()
    expect(codesIn(first)).toHaveLength(10)
    expect(cardText(first)).toContain('第 1/2 页，共 12 项')
    const next = buttonsOf(first).find((b) => b.text === '下一页')!
    const page2 = await bot.click(leader, next.value)
    expect(codesIn(page2.body.card!.data)).toHaveLength(2)
    const prev = buttonsOf(page2.body.card!.data).find((b) => b.text === '上一页')!
    expect(codesIn((await bot.click(leader, prev.value)).body.card!.data)).toEqual(codesIn(first))
  })

  it('/整改 统计: by status and source, 销号率 and overdue', async () => {
    await bot.say(ADMIN, `/整改 销号 ${soon} 已完成`)
    await file(bot, '群众来信 责任单位:区卫健委 时限:2027-01-31 牵头领导:戊 来源:群众反映')
    const text = cardText(await bot.say(leader, '/整改 统计'))
    expect(text).toContain('**共 5 项**　整改中 4　待审核 0　已销号 1')
    expect(text).toContain('**销号率**：20.0%（已销号 1 ÷ 全部 5）')
    expect(text).toContain("**逾期**：<font color='red'>2 项</font>")
    expect(text).toContain('调查研究 4 1 25.0% 2')
    expect(text).toContain('群众反映 1 0 0.0% 0')
  })

  it('agrees with rectificationCounts', async () => {
    await bot.say(ADMIN, `/整改 销号 ${soon} 已完成`)
    const counts = await rectificationCounts(bot.deps.database.db, null, bot.deps.clock())
    expect(counts).toMatchObject({ opened: 4, closed: 1, overdue: 2, outstanding: 3, total: 4 })
    expect(codesIn(await list())).toHaveLength(counts.outstanding)
    expect(codesIn(await list('/整改 逾期'))).toHaveLength(counts.overdue)
    expect(codesIn(await list('/整改 已销号'))).toHaveLength(counts.closed)
    expect(codesIn(await list('/整改 全部'))).toHaveLength(counts.total)
    const range = { start: new Date('2026-11-28T00:00:00+08:00'), end: new Date('2026-12-01') }
    const none = await rectificationCounts(bot.deps.database.db, range, bot.deps.clock())
    expect(none).toMatchObject({ opened: 0, closed: 0, overdue: 2, outstanding: 3 })
  })
})

describe('working the ledger', () => {
  let code: string
  beforeEach(async () => {
    code = await file(bot, '办事流程繁琐 责任单位:区财政局 时限:2026-11-25 牵头领导:王局长')
  })

  it('progress, extension, admin close and reopen: each one history row, lists follow', async () => {
    await bot.say(zhang, `/整改 进展 ${code} 已梳理流程图`)
    expect(codesIn(await list('/整改 逾期'))).toEqual([code])

    const extended = cardText(await bot.say(ADMIN, `/整改 延期 ${code} 12月20日 需等上级批复`))
    expect(extended).toContain('已延期至 2026-12-20')
    expect(extended).toContain('2026-11-25 → 2026-12-20')
    expect(codesIn(await list('/整改 逾期'))).toEqual([])
    expect(codesIn(await list())).toEqual([code])

    await bot.say(ADMIN, `/整改 销号 ${code} 流程已压减一半`)
    expect(await statusOf(bot, code)).toBe('closed')
    expect(codesIn(await list())).toEqual([])
    expect(codesIn(await list('/整改 已销号'))).toEqual([code])

    await bot.say(ADMIN, `/整改 重开 ${code} 回头看发现反弹`)
    expect(codesIn(await list())).toEqual([code])
    expect(codesIn(await list('/整改 已销号'))).toEqual([])

    const detail = cardText(await bot.say(leader, `/整改 详情 ${code}`))
    for (const step of ['挂账', '进展', '延期', '销号：整改中 → 已销号', '重开：已销号 → 整改中'])
      expect(detail).toContain(step)
    // Who did it is named, not @mentioned: reading the history pings nobody.
    expect(detail).toContain(zhang.name)
    expect(detail).not.toContain('<at')
    expect(await historyCount(bot, code)).toBe(5)
  })

  it('a liaison asks to close; the office approves once from its card', async () => {
    const reply = cardText(await bot.say(zhang, `/整改 销号 ${code} 已印发新流程`))
    expect(reply).toContain('等待主题教育办审核')
    expect(await statusOf(bot, code)).toBe('pending')
    expect(cardText(await list())).toContain('待审核')

    const reviews = sends().filter((s) => cardText(s.card).includes(`销号审核 ${code}`))
    expect(reviews.map((s) => s.to).sort()).toEqual([
      `open_id:${ADMIN.openId}`,
      `open_id:${office2.openId}`,
    ])
    expect(cardText(reviews[0]!.card)).toContain('已印发新流程')

    await bot.say(zhang, `/整改 销号 ${code} 再催一下`)
    expect(sends().filter((s) => cardText(s.card).includes('销号审核'))).toHaveLength(2)

    const approve = buttonsOf(reviews[0]!.card).find((b) => b.text === '同意')!
    const first = await bot.click(office2, approve.value)
    expect(first.body.toast.content).toContain('已同意销号')
    const second = await bot.click(ADMIN, approve.value)
    expect(second.body.toast.content).toContain('已经处理过了')
    expect(await statusOf(bot, code)).toBe('closed')
    expect(codesIn(await list('/整改 已销号'))).toEqual([code])
    expect(await historyCount(bot, code)).toBe(3)
  })

  it('a returned request goes back to 整改中 and into the lists', async () => {
    await bot.say(zhang, `/整改 销号 ${code} 已印发新流程`)
    const review = sends().find((s) => cardText(s.card).includes('销号审核'))!
    const reject = buttonsOf(review.card).find((b) => b.text === '退回')!
    const approve = buttonsOf(review.card).find((b) => b.text === '同意')!
    const formValue = { reason: '佐证材料不全' }
    expect((await bot.click(ADMIN, reject.value, { formValue })).body.toast.content).toContain(
      '已退回',
    )
    expect(await statusOf(bot, code)).toBe('open')
    expect(cardText(await bot.say(ADMIN, `/整改 详情 ${code}`))).toContain('佐证材料不全')
    expect(codesIn(await list('/整改 逾期'))).toEqual([code])
    // Every copy of the review now reads 已退回 without buttons; one pressed meanwhile does nothing.
    expect(cardText(review.card)).toContain('已退回')
    expect(buttonsOf(review.card)).toEqual([])
    expect((await bot.click(ADMIN, approve.value)).body.toast.content).toContain('已经处理过了')
    expect(await statusOf(bot, code)).toBe('open')

    // Sent back again without a reason typed: refused, the request still waits.
    await bot.say(zhang, `/整改 销号 ${code} 已补充材料`)
    const again = sends().findLast((s) => cardText(s.card).includes('销号审核'))!
    const rejectAgain = buttonsOf(again.card).find((b) => b.text === '退回')!
    expect((await bot.click(ADMIN, rejectAgain.value)).body.toast.content).toContain(
      '请先在「退回理由」一栏写明为什么退回',
    )
    expect(await statusOf(bot, code)).toBe('pending')
  })

  it('the list buttons: 销号 by the office, 延期 through a date form, double clicks change nothing', async () => {
    const card = await list()
    const extend = buttonsOf(card).find((b) => b.text === '延期')!
    const form = await formFromGroup(bot, ADMIN, extend.value)
    expect(JSON.stringify(form)).toContain('"date_picker"')
    const submit = buttonsOf(form).find((b) => b.text === '确认延期')!
    const formValue = { deadline: '2026-12-10 +0800', reason: '等待招标' }
    expect((await bot.click(ADMIN, submit.value, { formValue })).body.toast.content).toContain(
      '已延期至 2026-12-10',
    )
    expect((await bot.click(ADMIN, submit.value, { formValue })).body.toast.content).toContain(
      '已经是 2026-12-10',
    )
    const close = buttonsOf(card).find((b) => b.text === '销号')!
    const closeForm = await formFromGroup(bot, ADMIN, close.value)
    expect(cardText(closeForm)).toContain('整改成效（必填）')
    expect(await historyCount(bot, code)).toBe(2)
    const confirm = buttonsOf(closeForm).find((b) => b.text === '确认销号')!
    const blank = await bot.click(ADMIN, confirm.value, { formValue: { outcome: ' ' } })
    expect(blank.body.toast.content).toContain('请填写整改成效')
    expect(await statusOf(bot, code)).toBe('open')
    const done = { outcome: '流程压减一半', evidence: 'https://example.com/流程图' }
    const closed = await bot.click(ADMIN, confirm.value, { formValue: done })
    expect(closed.body.toast.content).toContain('已销号')
    // The form, shown to the office alone, becomes the item; the group's list was left as it was.
    expect(cardText(closed.body.card!.data)).toContain('**状态**：已销号')
    const twice = await bot.click(ADMIN, confirm.value, { formValue: done })
    expect(twice.body.toast.content).toContain('已经销号')
    expect(await historyCount(bot, code)).toBe(3)
    const detail = cardText(await bot.say(leader, `/整改 ${code}`))
    expect(detail).toContain('**整改成效**：流程压减一半')
    expect(detail).toContain('https://example.com/流程图')
  })

  it('a liaison’s 销号 click opens a form; its submission asks the office, once', async () => {
    const close = buttonsOf(await list('/整改', zhang)).find((b) => b.text === '销号')!
    const form = await formFromGroup(bot, zhang, close.value)
    expect(await statusOf(bot, code)).toBe('open')
    const submit = buttonsOf(form).find((b) => b.text === '提交销号申请')!
    const empty = await bot.click(zhang, submit.value, { formValue: { evidence: '照片见群' } })
    expect(empty.body.toast.content).toContain('请填写整改成效')
    expect(await rows(bot, 'select * from rectification_evidence')).toHaveLength(0)

    const formValue = {
      outcome: '新流程已印发，办理时限压缩到3天',
      evidence: '区财政局〔2026〕12号文',
    }
    const first = await bot.click(zhang, submit.value, { formValue })
    expect(first.body.toast.content).toContain('等待主题教育办审核')
    expect(cardText(first.body.card!.data)).toContain('待审核')
    expect((await bot.click(zhang, submit.value, { formValue })).body.toast.content).toContain(
      '已经提交过',
    )
    expect((await bot.click(zhang, close.value)).body.toast.content).toContain('已经提交过')
    expect(await statusOf(bot, code)).toBe('pending')
    const reviews = sends().filter((s) => cardText(s.card).includes('销号审核'))
    expect(reviews).toHaveLength(2)
    const review = cardText(reviews[0]!.card)
    expect(review).toContain('整改成效**：新流程已印发，办理时限压缩到3天')
    expect(review).toContain(`区财政局〔2026〕12号文（${zhang.name}`)
    expect(await historyCount(bot, code)).toBe(2)
    expect(await rows(bot, 'select kind, actor_open_id from rectification_evidence')).toEqual([
      expect.objectContaining({ kind: 'text', actor_open_id: zhang.openId }),
    ])
  })

  it('a typed 销号 needs the 整改成效, from the office too; a wrong number says so', async () => {
    for (const who of [ADMIN, zhang]) {
      const text = cardText(await bot.say(who, `/整改 销号 ${code}`))
      expect(text).toContain('销号要写上整改成效')
      expect(text).toContain(`/整改 销号 ${code} `)
    }
    expect(await statusOf(bot, code)).toBe('open')
    expect(await historyCount(bot, code)).toBe(1)
    for (const typed of ['999', 'ZG-2026-999'])
      expect(cardText(await bot.say(ADMIN, `/整改 ${typed}`))).toContain(
        `没有编号为「${typed}」的整改事项`,
      )
    expect(cardText(await bot.say(ADMIN, `/整改 1`))).toContain(`整改事项 ${code}`)
  })

  it('a redelivered command writes one history row', async () => {
    const { messageEvent } = await import('../support/events')
    const event = messageEvent({ text: `/整改 进展 ${code} 已开会`, sender: zhang })
    await bot.post(event)
    await bot.post({ ...event, header: { ...event.header, event_id: 'ev_again' } })
    expect(await historyCount(bot, code)).toBe(2)
  })
})

describe('card limits', () => {
  it('keeps a full list page and a long history within 25 KB and 200 elements', async () => {
    const long = '问题描述'.repeat(300)
    for (let i = 0; i < 11; i++)
      await file(bot, `${long}${i} 责任单位:区财政局 时限:2026-12-0${(i % 9) + 1} 牵头领导:王`)
    expect(cardFits(await list())).toBe(true)
    for (let i = 0; i < 45; i++)
      await bot.say(zhang, `/整改 进展 ZG-2026-001 ${'进展说明'.repeat(100)}${i}`)
    const detail = await bot.say(ADMIN, '/整改 详情 ZG-2026-001')
    expect(cardText(detail)).toContain('最近 30 条')
    expect(cardFits(detail)).toBe(true)
  })
})
