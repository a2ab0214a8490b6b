import ExcelJS from 'exceljs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { FRIDAY, leader, playCampaign, zhang } from './campaign'

// 2026-W48, 2026W48, W48: a code people never see, whatever they may type.
const WEEK_CODE = /W\d{1,2}\b/i

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await playCampaign(bot)
})
afterEach(() => bot.close())

/** Every card the bot put in the chat for these messages, follow-ups included, as text. */
async function chat(...messages: Array<[typeof ADMIN, string]>) {
  const from = bot.outbox.items.length
  for (const [who, text] of messages) await bot.say(who, text)
  return bot.outbox.items.slice(from).map((i) => cardText(i.card))
}

async function workbookText(fileKey: string) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bot.outbox.uploads.get(fileKey)!.bytes) as never)
  return wb.worksheets.flatMap((s) => s.getSheetValues().flat().map(String)).join('\n')
}

describe('periods read as an office document writes them', () => {
  it('titles a weekly draft by its dates, typed as a week code or not', async () => {
    const [draft] = await chat([ADMIN, '/报告 周报'])
    expect(draft).toContain('全区主题教育工作周报（11月23日—11月29日）')
    expect(draft).toContain('本周（11月23日—11月29日）')
    expect(draft).not.toMatch(WEEK_CODE)
    bot.setNow(new Date('2026-12-09T02:00:00Z'))
    const [byCode] = await chat([ADMIN, '/报告 周报 ２０２６-Ｗ48'])
    expect(byCode).toContain('全区主题教育工作周报（11月23日—11月29日）')
    expect(byCode).not.toMatch(WEEK_CODE)
    expect(bot.outbox.files.map((f) => f.name)).toEqual([
      '主题教育周报-2026年11月23日—11月29日.docx',
      '主题教育周报-2026年11月23日—11月29日.docx',
    ])
  })

  it('takes the dates the cards show as a week', async () => {
    const [digest, draft] = await chat(
      [leader, '/周报 11月16日—11月22日'],
      [ADMIN, '/报告 周报 11.16-11.22'],
    )
    expect(digest).toContain('上周（11月16日—11月22日）')
    expect(draft).toContain('全区主题教育工作周报（11月16日—11月22日）')
    const [wrong] = await chat([leader, '/周报 学习'])
    expect(wrong).toContain('例：/周报、/周报 本周、/周报 11月16日—11月22日')
  })

  it('shows no week code on any card, receipt, list or export', async () => {
    const cards = await chat(
      [zhang, '/上报 学习 1'],
      [zhang, '/上报 上周 党课 1'],
      [zhang, '/记录'],
      [zhang, '/进度'],
      [zhang, '/撤销'],
      [ADMIN, '/统计 上周'],
      [ADMIN, '/未报'],
      [leader, '/周报'],
      [leader, '/周报 2026-W46'],
      [ADMIN, '/报告 月报'],
      [ADMIN, '/导出 上报 本周'],
    )
    expect(cards).toHaveLength(11) // one reply each
    for (const text of cards) expect(text).not.toMatch(WEEK_CODE)
    expect(cards[2]).toContain('11月16日—11月22日')
    expect(cards[8]).toContain('11月9日—11月15日')
    const [file] = bot.outbox.files.slice(-1)
    expect(file!.name).toBe('上报统计-2026年11月23日—11月29日.xlsx')
    const sheets = await workbookText(file!.fileKey)
    expect(sheets).toContain('统计期间：本周（11月23日—11月29日）')
    expect(sheets).not.toMatch(WEEK_CODE)
  })
})
