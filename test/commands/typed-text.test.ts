import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局（国资办） 区教育局')
  await bot.say(ADMIN, '/绑定 @_user_1 区财政局（国资办）', { mentions: [zhang] })
})
afterEach(() => bot.close())

/** Sends the export command and reads one sheet of the workbook it put in the chat. */
async function exportedSheet(text: string, sheet: string) {
  await bot.say(ADMIN, text)
  const sent = bot.outbox.files.at(-1)!
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bot.outbox.uploads.get(sent.fileKey)!.bytes) as never)
  return wb
    .getWorksheet(sheet)!
    .getSheetValues()
    .slice(1)
    .map((row) => ((row ?? []) as unknown[]).slice(1))
}

describe('text people typed comes back as they typed it', () => {
  const note = '周三集中学习，书记讲党课（线上）。'

  it('a note: on the receipt, in /记录 and in the exported workbook', async () => {
    const receipt = cardText(await bot.say(zhang, `／上报 学习３，党课 1 备注：${note}`))
    expect(receipt).toContain('集中学习 3次')
    expect(receipt).toContain(`备注：${note}`)
    expect(cardText(await bot.say(zhang, '/记录'))).toContain(`备注：${note}`)
    const [header, ...entries] = await exportedSheet('/导出 上报 本周', '上报记录')
    const noteColumn = header!.indexOf('备注')
    expect(entries.map((e) => e[noteColumn])).toEqual([note, note])
  })

  it('a 整改 item: its problem, measures and lead leader, in the card and the export', async () => {
    const problem = '窗口排队时间长，群众反映强烈（早高峰）'
    const measures = '增设两个窗口；推行预约办理。'
    const card = await bot.say(
      ADMIN,
      `/整改 新增 ${problem} 责任单位：区财政局(国资办) 时限：12月31日 牵头领导：王局长（常务） 措施：${measures}`,
    )
    const text = cardText(card)
    expect(text).toContain('已挂账 ZG-2026-001')
    for (const typed of [problem, measures, '王局长（常务）', '区财政局（国资办）']) {
      expect(text).toContain(typed)
    }
    const progress = '已增设窗口，待验收。'
    expect(cardText(await bot.say(ADMIN, `/整改 进展 ＺＧ-2026-001 ${progress}`))).toContain(
      progress,
    )
    const [, item] = await exportedSheet('/导出 整改', '整改台账')
    expect(item!.slice(0, 7)).toEqual([
      'ZG-2026-001',
      problem,
      '调查研究',
      measures,
      '2026-12-31',
      '王局长（常务）',
      '区财政局（国资办）',
    ])
    const history = await exportedSheet('/导出 整改', '变更记录')
    expect(history.map((h) => h[7])).toContain(progress)
  })

  it('a unit name, found however its brackets are typed, and listed and exported as added', async () => {
    expect(cardText(await bot.say(ADMIN, '/单位 列表'))).toContain('区财政局（国资办）')
    const again = cardText(await bot.say(ADMIN, '/单位 添加 区财政局(国资办)'))
    expect(again).toContain('已存在，未重复添加')
    await bot.say(zhang, '/上报 学习 3')
    const progress = cardText(await bot.say(ADMIN, '/进度 区财政局(国资办)'))
    expect(progress).toContain('区财政局（国资办） · 本周（11月23日—11月29日）')
    expect(progress).toContain('集中学习 3次')
    const rows = await exportedSheet('/导出 上报 本周', '汇总')
    expect(rows.map((r) => r[0])).toContain('区财政局（国资办）')
    await bot.say(ADMIN, '/单位 改名 区教育局 区教育局（体育局）')
    expect(cardText(await bot.say(ADMIN, '/单位 列表'))).toContain('区教育局（体育局）')
  })
})
