import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { cardFits } from '../../templates/card-limits'
import type { Card } from '../../templates/card'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li', name: '李四' }

let bot: TestBot

beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
})
afterEach(() => bot.close())

/** Every element of a card, depth first. */
function elements(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(elements)
  if (!node || typeof node !== 'object') return []
  const own = 'tag' in node ? [node as Record<string, unknown>] : []
  return [...own, ...Object.values(node).flatMap(elements)]
}
const fields = (card: Card | undefined) =>
  elements(card?.body).filter((e) => e.tag === 'input' || e.tag === 'select_static')
const label = (e: Record<string, unknown>) => (e.label as { content: string } | undefined)?.content
const submitValue = (card: Card | undefined) => {
  const submit = elements(card?.body).find((e) => e.form_action_type === 'submit')!
  return (submit.behaviors as { value: Record<string, unknown> }[])[0]!.value
}
/** A bare /上报 in the liaisons' group: the form its sender receives privately. */
async function formFor(who: { openId: string; name: string }) {
  await bot.say(who, '/上报')
  return bot.outbox.items.findLast((i) => i.kind === 'send' && i.to === `open_id:${who.openId}`)
    ?.card
}
const reportCount = async () =>
  Number((await bot.deps.database.client.execute('select count(*) from reports')).rows[0]![0])

describe('a bare /上报', () => {
  it('answers with a form for the unit: its recent indicators first, a stock with its level', async () => {
    await bot.say(zhang, '/上报 示范岗 5', { messageId: 'om_first' })
    const form = await formFor(zhang)
    expect(cardText(form)).toContain('填写本单位统计数')
    expect(cardText(form)).toContain('区财政局')
    const offered = fields(form).filter((f) => String(f.name).startsWith('n_'))
    expect(label(offered[0]!)).toBe('党员示范岗（现有总数，个）')
    expect(JSON.stringify(offered[0])).toContain('现有 5，变了填新的总数')
    const names = fields(form).map((f) => f.name)
    expect(names).toEqual(expect.arrayContaining(['week', 'extra', 'extra_n', 'note']))
    expect(cardFits(form)).toBe(true)
  })

  it('records a submitted form as the typed command would, once however often it is clicked', async () => {
    const form = await formFor(zhang)
    const value = submitValue(form)
    const formValue = { n_study: '3', extra: 'secretary_lectures', extra_n: '1', note: '线上' }
    const first = await bot.click(zhang, value, { formValue })
    expect(first.status).toBe(200)
    const receipt = cardText(first.body.card!.data)
    expect(receipt).toContain('已记录')
    expect(receipt).toContain('备注：线上')
    const again = await bot.click(zhang, value, { formValue })
    expect(again.body.toast.content).toContain('已经提交过了')
    expect(cardText(again.body.card!.data)).toContain('已记录')
    expect(await reportCount()).toBe(1)
    const progress = await bot.say(zhang, '/进度')
    expect(cardText(progress)).toMatch(/3/)
  })

  it('holds a second form with the same figures, as it holds a typed repeat', async () => {
    await bot.say(zhang, '/上报 学习 3')
    const form = await formFor(zhang)
    const held = await bot.click(zhang, submitValue(form), { formValue: { n_study: '3' } })
    expect(cardText(held.body.card!.data)).toContain('暂未计入')
  })

  it('refuses a bad amount or an empty form and records nothing', async () => {
    const form = await formFor(zhang)
    const bad = await bot.click(zhang, submitValue(form), { formValue: { n_study: '-2' } })
    expect(bad.body.toast.type).toBe('error')
    expect(cardText(bad.body.card!.data)).toContain('大于 0 的整数')
    const empty = await bot.click(zhang, submitValue(form), { formValue: { note: '只写了备注' } })
    expect(empty.body.toast.content).toContain('还没有填数量')
    expect(await reportCount()).toBe(0)
  })

  it('shows every mistake at once, under its field, and keeps what was typed', async () => {
    const form = await formFor(zhang)
    const formValue = {
      n_study: '-2',
      n_training: 'abc',
      n_lectures: '2',
      extra_n: '4',
      note: '线上',
      week: 'last',
    }
    const back = await bot.click(zhang, submitValue(form), { formValue })
    expect(back.body.toast.type).toBe('error')
    expect(back.body.toast.content).toContain('有 3 处要改')
    const card = back.body.card!.data
    const all = fields(card)
    const after = (name: string) => {
      const formEl = elements(card.body).find((e) => e.tag === 'form')!
      const els = formEl.elements as Record<string, unknown>[]
      const i = els.findIndex((e) => e.name === name)
      return els[i + 1]?.tag === 'markdown' ? String(els[i + 1]!.content) : ''
    }
    expect(after('n_study')).toContain('「集中学习」的数量「-2」不对')
    expect(after('n_training')).toContain('「abc」不对')
    expect(after('extra')).toContain('请再选上是哪个指标')
    expect(after('n_lectures')).toBe('')
    const kept = Object.fromEntries(all.map((f) => [f.name, f.default_value ?? f.initial_option]))
    expect(kept).toMatchObject({
      n_study: '-2',
      n_lectures: '2',
      note: '线上',
      week: 'last',
    })
    expect(await reportCount()).toBe(0)

    // Corrected in the form that came back, it records.
    const fixed = { ...formValue, n_study: '2', n_training: '', extra_n: '' }
    const done = await bot.click(zhang, submitValue(card), { formValue: fixed })
    expect(done.body.toast.type).toBe('success')
    expect(cardText(done.body.card!.data)).toContain('集中学习 2次，业务讲堂 2次')
    expect(await reportCount()).toBe(1)
  })

  it('reads zeros, or the 无新增 button, as a week with nothing to report', async () => {
    const form = await formFor(zhang)
    const zeros = await bot.click(zhang, submitValue(form), { formValue: { n_study: '0' } })
    expect(cardText(zeros.body.card!.data)).toContain('无新增（该周没有可报的数，计为已上报）')
    const other = await formFor(li)
    const none = { ...submitValue(other), none: 1 }
    const mixed = await bot.click(li, none, { formValue: { n_study: '2' } })
    expect(mixed.body.toast.content).toContain('表里却填了数')
    const last = await bot.click(li, none, { formValue: { week: 'last' } })
    expect(cardText(last.body.card!.data)).toContain('上周')
    expect(cardText(last.body.card!.data)).toContain('无新增')
    expect(await reportCount()).toBe(2)
  })

  it('is not another unit’s form to submit', async () => {
    const form = await formFor(zhang)
    const other = await bot.click(li, submitValue(form), { formValue: { n_study: '2' } })
    expect(other.body.toast.content).toContain('别的单位')
    expect(await reportCount()).toBe(0)
  })
})

describe('the liaisons’ group', () => {
  it('reads one line when a liaison asks for the form there; the form goes to them privately', async () => {
    const inGroup = await bot.say(zhang, '/上报')
    expect(inGroup?.header).toBeUndefined()
    expect(cardText(inGroup)).toContain('填写表已私聊发给你')
    expect(elements(inGroup?.body).some((e) => e.tag === 'form')).toBe(false)
    const privately = bot.outbox.items.filter((i) => i.to === 'open_id:ou_zhang')
    expect(privately).toHaveLength(1)
    expect(cardText(privately[0]!.card)).toContain('填写本单位统计数')
  })

  it('gives the form in place in a private chat', async () => {
    const form = await bot.say(zhang, '/上报', { chatType: 'p2p', chatId: 'oc_p2p_zhang' })
    expect(cardText(form)).toContain('填写本单位统计数')
  })
})
