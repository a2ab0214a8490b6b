import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import type { Card } from '../../templates/card'
import { readXlsx } from '../files/read-xlsx'

// Units set up on Monday 2026-11-16 (week 2026-W47); the tests run on Friday 2026-11-27 10:00
// in Shanghai (2026-W48), so last week (11月16日—11月22日) was due.
const SET_UP = new Date('2026-11-16T02:00:00Z')
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const wang = { openId: 'ou_wang', name: '王五' }
const li = { openId: 'ou_li', name: '李四' }

let bot: TestBot

beforeEach(async () => {
  let now = SET_UP
  bot = await createTestBot({ now: () => now })
  await bot.say(ADMIN, '/单位 添加 区财政局 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [wang] })
  await bot.say(ADMIN, '/绑定 @_user_1 区教育局', { mentions: [li] })
  await bot.say(ADMIN, '/设置 联络员群', { chatId: 'oc_liaisons' })
  now = FRIDAY
})
afterEach(() => bot.close())

const count = async (sql: string) =>
  Number((await bot.deps.database.client.execute(sql)).rows[0]![0] ?? 0)
const buttonValues = (card: Card | undefined) =>
  [...JSON.stringify(card).matchAll(/"value":(\{[^}]*\})/g)].map(
    (m) => JSON.parse(m[1]!) as Record<string, unknown>,
  )
const missingNow = async (word: '本周' | '上周') =>
  cardText(await bot.say(ADMIN, `/未报 ${word}`, { chatType: 'p2p', chatId: 'oc_admin' }))

describe('/上报 无: a week with nothing to report', () => {
  it('counts the unit as reported, adds no figure, and says 无新增 on every card', async () => {
    const receipt = cardText(await bot.say(zhang, '/上报 无'))
    expect(receipt).toContain('已记录')
    expect(receipt).toContain('无新增（该周没有可报的数，计为已上报）')
    expect(receipt).toContain('已报「无」：无新增')
    expect(await count('select coalesce(sum(amount), 0) from entries')).toBe(0)

    const missing = await missingNow('本周')
    expect(missing).not.toContain('区财政局')
    expect(missing).toContain('区教育局')
    expect(missing).toContain('未上报 1 / 2')
    expect(cardText(await bot.say(zhang, '/进度'))).toContain('已上报：无新增')
    expect(cardText(await bot.say(li, '/进度'))).toContain('本期还没有上报')
    expect(cardText(await bot.say(zhang, '/记录'))).toContain('无新增')
    const stats = cardText(await bot.say(ADMIN, '/统计 本周', { chatType: 'p2p' }))
    expect(stats).toContain('已上报的单位都报了无新增')
    expect(stats).toContain('已上报单位 **1** / 2')
    await bot.say(ADMIN, '/导出 上报 本周', { chatType: 'p2p' })
    const sent = bot.outbox.files.at(-1)!
    const book = await readXlsx(bot.outbox.uploads.get(sent.fileKey)!.bytes)
    const totals = book.get('汇总')!.map((row) => row[0])
    expect(totals).toContain('区财政局（无新增）')
    expect(totals).toContain('区教育局')
    const entries = book.get('上报记录')!
    expect(entries.find((row) => row[1] === '区财政局')?.slice(3, 6)).toEqual([
      '无新增',
      undefined,
      '张三',
    ])

    // The reminder @s only the unit that has not reported.
    await bot.runJob('remind', { now: FRIDAY })
    const reminder = bot.outbox.items.findLast((i) => i.kind === 'send')!
    expect(JSON.stringify(reminder.card)).toContain('ou_li')
    expect(JSON.stringify(reminder.card)).not.toContain('ou_zhang')
  })

  it('reads 上周 无 into last week, and 本周无 into this one', async () => {
    expect(cardText(await bot.say(zhang, '/上报 上周 无'))).toContain('11月16日—11月22日')
    expect(await missingNow('上周')).not.toContain('区财政局')
    expect(await missingNow('本周')).toContain('区财政局')
    await bot.say(zhang, '/上报 本周无')
    expect(await missingNow('本周')).not.toContain('区财政局')
  })

  it('is recorded once, refused beside figures, and undone by /撤销', async () => {
    await bot.say(zhang, '/上报 无')
    const again = cardText(await bot.say(wang, '/上报 无'))
    expect(again).toContain('已经报过「无」了')
    expect(await count('select count(*) from reports')).toBe(1)

    const revoked = cardText(await bot.say(wang, '/撤销'))
    expect(revoked).toContain('已撤销')
    expect(await missingNow('本周')).toContain('区财政局')

    await bot.say(zhang, '/上报 学习 3')
    const late = cardText(await bot.say(wang, '/上报 无'))
    expect(late).toContain('已经上报过数了（集中学习 3次），不能再报「无」')
    expect(await count('select count(*) from reports')).toBe(2)
  })

  it('lets real figures follow a 无: they count, and the cards show them', async () => {
    await bot.say(zhang, '/上报 无')
    const receipt = cardText(await bot.say(wang, '/上报 学习 2'))
    expect(receipt).toMatch(/本单位该周合计[\s\S]*集中学习 2次/)
    expect(cardText(await bot.say(zhang, '/进度'))).toContain('集中学习 2次')
    expect(await missingNow('本周')).not.toContain('区财政局')
  })

  it('points a typed 0 to 无 and records nothing', async () => {
    const reply = cardText(await bot.say(zhang, '/上报 学习 0'))
    // In the group the example carries the @, or sent as is it would never reach the bot.
    expect(reply).toContain('整周都没有可报的数，发 @统计机器人 /上报 无')
    const privately = cardText(await bot.say(zhang, '/上报 学习 0', { chatType: 'p2p' }))
    expect(privately).toContain('整周都没有可报的数，发 /上报 无')
    expect(await count('select count(*) from reports')).toBe(0)
  })
})

describe('the reminder', () => {
  it('for last week gives an example that files into last week, and a 无 button', async () => {
    await bot.say(zhang, '/上报 学习 1')
    await bot.runJob('remind', { now: FRIDAY, week: '2026-W47' })
    const reminder = bot.outbox.items.findLast((i) => i.kind === 'send')!.card
    const text = cardText(reminder)
    expect(text).toContain('/上报 上周 学习 3 党课 1')
    expect(text).toContain('/上报 上周 无')

    // Sent exactly as the card shows it, the example lands in last week.
    const example = /(@\S+ \/上报 上周 学习 3 党课 1)/.exec(text)![1]!
    await bot.say(li, example.replace(/^@\S+ /, ''))
    expect(await missingNow('上周')).not.toContain('区教育局')
  })

  it('records 无 for the clicker’s unit once, and leaves the group’s card as it is', async () => {
    await bot.runJob('remind', { now: FRIDAY })
    const reminder = bot.outbox.items.findLast((i) => i.kind === 'send')!.card
    const value = buttonValues(reminder).find((v) => v.a === 'nothing')!
    expect(value).toEqual({ a: 'nothing', week: '2026-W48' })
    const first = await bot.click(zhang, value)
    expect(first.body.toast.type).toBe('success')
    expect(first.body.toast.content).toMatch(/已记录：本单位本周.*无新增，计为已上报（记录号 #\d+/)
    expect(first.body.card).toBeUndefined()
    const second = await bot.click(wang, value)
    expect(second.body.toast.content).toContain('已经报过「无」')
    expect(await count('select count(*) from reports')).toBe(1)
    expect(await missingNow('本周')).not.toContain('区财政局')
    const stranger = await bot.click({ openId: 'ou_nobody', name: '路人' }, value)
    expect(stranger.body.toast.type).not.toBe('success')
  })
})

describe('stock indicators', () => {
  it('say the figure is the total, show the level before, and hold a drop until confirmed', async () => {
    await bot.say(zhang, '/上报 示范岗 5')
    const up = cardText(await bot.say(zhang, '/上报 示范岗 6'))
    expect(up).toContain('党员示范岗 6个（现有总数，原 5个）')
    const drop = await bot.say(wang, '/上报 示范岗 2')
    const text = cardText(drop)
    expect(text).toContain('暂未计入')
    expect(text).toContain('比上次少了')
    expect(text).toContain('上次现有 6个')
    expect(text).toContain('/上报 党员示范岗 8')
    expect(cardText(await bot.say(zhang, '/进度'))).toContain('党员示范岗 6个')

    const release = buttonValues(drop).find((v) => v.a === 'release')!
    const confirmed = await bot.click(wang, release)
    expect(confirmed.body.toast.type).toBe('success')
    expect(cardText(await bot.say(zhang, '/进度'))).toContain('党员示范岗 2个')
  })

  it('explains in /指标 that a stock is the total, not the week’s new ones', async () => {
    const inGroup = cardText(await bot.say(zhang, '/指标'))
    expect(inGroup).toContain('不是本周新增的数')
    expect(inGroup).toContain(
      '例：@统计机器人 /上报 学习 3 党课 1；这一周没有可报的数：@统计机器人 /上报 无',
    )
    const privately = cardText(await bot.say(zhang, '/指标', { chatType: 'p2p' }))
    expect(privately).toContain('例：/上报 学习 3 党课 1')
  })
})

describe('a receipt for this week', () => {
  it('says when the unit’s last week is still missing, and how to fill it', async () => {
    const receipt = cardText(await bot.say(zhang, '/上报 学习 3'))
    expect(receipt).toContain('上周（11月16日—11月22日）本单位还没有上报')
    expect(receipt).toMatch(/@\S+ \/上报 上周 学习 3/)
    expect(receipt).toMatch(/@\S+ \/上报 上周 无/)
    await bot.say(zhang, '/上报 上周 无')
    expect(cardText(await bot.say(wang, '/上报 党课 1'))).not.toContain('还没有上报')
  })
})

describe('the liaisons’ group at district scale', () => {
  it('gets a line or two per liaison, not a screen each: compact receipts, forms in private', async () => {
    const before = bot.outbox.items.length
    const people = [zhang, wang, li, zhang, wang, li]
    for (const [i, who] of people.entries()) {
      bot.setNow(new Date(FRIDAY.getTime() + i * 150_000))
      if (i % 2 === 0) {
        await bot.say(who, `/上报 学习 ${i + 1} 党课 1 调研 2`)
        continue
      }
      // Half of them ask for the form in the group and submit it where it reaches them.
      await bot.say(who, '/上报')
      const form = bot.outbox.items.findLast((m) => m.to === `open_id:${who.openId}`)!.card
      const submit = buttonValues(form).find((v) => v.a === 'report-form' && !v.none)!
      const done = await bot.click(who, submit, { formValue: { n_study: String(i) } })
      expect(done.body.toast.type).toBe('success')
    }
    // Every message here is sent in the liaisons' group, except what went to a person's
    // private chat (open_id) and 仅对你可见 cards.
    const inGroup = bot.outbox.items
      .slice(before)
      .filter((m) => m.kind !== 'ephemeral' && !m.to.startsWith('open_id:'))
    expect(inGroup).toHaveLength(people.length)
    for (const item of inGroup) {
      const card = item.card as Card
      expect(JSON.stringify(card)).not.toContain('"tag":"form"')
      // What shows before a tap: at most the header, three lines and the button; the week's
      // totals stay folded.
      const lines = card.body.elements
        .filter((e) => e.tag === 'markdown')
        .flatMap((e) => String(e.content).split('\n'))
      expect(lines.length, cardText(card)).toBeLessThanOrEqual(3)
    }
  })
})

describe('/进度 今天', () => {
  it('shows the office in one place who reported today, 无 and revocations included', async () => {
    bot.setNow(new Date('2026-11-26T09:00:00Z')) // Thursday 17:00: not today
    await bot.say(li, '/上报 上周 学习 1')
    bot.setNow(FRIDAY)
    await bot.say(zhang, '/上报 学习 3 党课 1')
    await bot.say(wang, '/上报 调研 2')
    await bot.say(wang, '/撤销')
    bot.setNow(new Date(FRIDAY.getTime() + 3600_000))
    await bot.say(li, '/上报 无')
    const text = cardText(await bot.say(ADMIN, '/进度 今天', { chatType: 'p2p' }))
    expect(text).toContain('今天上报 · 11月27日')
    expect(text).toContain('2 个单位 · 3 条')
    expect(text).toContain('**区财政局** 10:00 张三 · 集中学习 3次，书记讲党课 1次')
    expect(text).toContain('~~10:00 王五 · 基层调研 2次~~')
    expect(text).toContain('**区教育局** 11:00 李四 · 无新增')
    expect(text).not.toContain('集中学习 1次')
    expect(text).toContain('本周已上报 2 / 2 个单位')
    const refused = cardText(await bot.say(zhang, '/进度 今天'))
    expect(refused).toContain('主题教育办和领导')
    expect(refused).toContain('/进度 查看本单位本周')
  })
})
