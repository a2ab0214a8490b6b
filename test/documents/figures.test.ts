import ExcelJS from 'exceljs'
import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { catalog } from '../../src/domain/catalog'
import { renderTemplate } from '../../src/domain/draft-template'
import { draftTemplate } from '../../src/documents/draft'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

// Friday 2026-11-27 10:00 in Shanghai: week 2026-W48; last week is 2026-W47.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const zhang = { openId: 'ou_zhang', name: '张三' }
const zhao = { openId: 'ou_zhao', name: '赵六' }
const li = { openId: 'ou_li', name: '李四' }
const wang = { openId: 'ou_wang', name: '王五' }
const leader = { openId: 'ou_leader', name: '赵书记' }
const P = '〔待补〕'

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await campaign()
})
afterEach(() => bot.close())

/**
 * Two weeks of four units: flows, stocks reported as running totals (twice in one week by
 * two liaisons of one unit), the office's own figures, ledger items, and units that report
 * nothing. Every reply is checked, so a refusal cannot pass for a figure.
 */
async function campaign() {
  const say = async (who: Parameters<TestBot['say']>[0], text: string, ok: RegExp) => {
    const reply = cardText(await bot.say(who, text))
    if (!ok.test(reply)) throw new Error(`${text} → ${reply}`)
  }
  await say(ADMIN, '/单位 添加 区财政局 区教育局 区卫健委 区民政局', /已添加/)
  for (const [who, unit] of [
    [zhang, '区财政局'],
    [zhao, '区财政局'],
    [li, '区教育局'],
    [wang, '区卫健委'],
  ] as const) {
    const reply = cardText(await bot.say(ADMIN, `/绑定 @_user_1 ${unit}`, { mentions: [who] }))
    if (!reply.includes(unit)) throw new Error(reply)
  }
  await bot.say(ADMIN, '/角色 领导 @_user_1', { mentions: [leader] })

  await say(zhang, '/上报 上周 学习 2 示范岗 4 个人学习计划 10', /已记录/)
  await say(li, '/上报 上周 示范岗 3 清单 1', /已记录/)
  await say(wang, '/上报 上周 党课 1', /已记录/)
  await say(zhang, '/上报 学习 3 示范岗 5', /已记录/)
  // The unit's other liaison types the running total again, as in Excel: it replaces, not adds.
  await say(zhao, '/上报 示范岗 6 调研 2', /已记录/)
  await say(li, '/上报 中心组 2 突击队 2', /已记录/)
  await say(ADMIN, '/填报 抽调干部 12 巡回督导 5 报送周报 3', /已填报/)
  const who = '牵头领导:赵书记 时限:2026-12-31'
  await say(ADMIN, `/整改 新增 审批慢 责任单位:区财政局 ${who} 措施:并联审批`, /已挂账/)
  await say(ADMIN, `/整改 新增 台账不全 责任单位:区教育局 ${who} 来源:督导`, /已挂账/)
  await say(ADMIN, '/整改 销号 ZG-2026-002 已补齐', /已销号/)
}

const plain = (text: string) => text.replace(/<\/?font[^>]*>/g, '')
const shown = (key: string, n: number) => {
  const ind = catalog.byKey(key)!
  return `${ind.name} ${n}${ind.measure}`
}

/** The export's sheet 汇总 for a period: header names, then each row by its first cell. */
async function exported(period: string) {
  await bot.say(ADMIN, `/导出 上报 ${period}`)
  const sent = bot.outbox.files.at(-1)!
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bot.outbox.uploads.get(sent.fileKey)!.bytes) as never)
  const rows = wb
    .getWorksheet('汇总')!
    .getSheetValues()
    .slice(1)
    .map((row) => ((row ?? []) as unknown[]).slice(1))
  const indicators = catalog.byCategory().flatMap((g) => g.indicators)
  const row = (name: string) => {
    const cells = rows.find((r) => r[0] === name)!
    return new Map(indicators.map((ind, i) => [ind.key, cells[i + 1] as number | undefined]))
  }
  return { row }
}

async function draftFile() {
  const sent = bot.outbox.files.at(-1)!
  const bytes = bot.outbox.uploads.get(sent.fileKey)!.bytes
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value
}

describe('one set of figures behind every view', () => {
  it('gives each indicator its meaning: flows summed, stocks latest, office set by the office', async () => {
    const all = (await exported('累计')).row('合计')
    expect(all.get('study')).toBe(5)
    // 6 (the second report of 区财政局 stands) + 3 (区教育局's), not 4 + 3 + 5 + 6.
    expect(all.get('model_posts')).toBe(9)
    expect(all.get('issue_lists')).toBe(1)
    expect(all.get('cadres_seconded')).toBe(12)
    expect(all.get('issues_found')).toBe(1)
    expect(all.get('inspection_issues_fixed')).toBe(1)
    expect(all.get('branch_study_plans')).toBeUndefined()
    const finance = (await exported('累计')).row('区财政局')
    expect(finance.get('model_posts')).toBe(6)
    expect(finance.get('cadres_seconded')).toBeUndefined()

    // This week a stock's figure is its change, with what stands after it.
    const week = (await exported('本周')).row('合计')
    expect(week.get('model_posts')).toBe(2)
    expect(week.get('commando_teams')).toBe(2)
    expect(week.get('issue_lists')).toBeUndefined()
    const stats = cardText(await bot.say(ADMIN, '/统计 本周'))
    expect(stats).toContain('党员示范岗 2个（现有 9个）')
    expect(stats).toContain('抽调干部 12名（现有 12名）')
    expect(cardText(await bot.say(zhang, '/进度'))).toContain('党员示范岗 2个（现有 6个）')
  })

  it("shows a stock's latest value on the receipt, not the sum of the week's reports", async () => {
    const first = cardText(await bot.say(zhang, '/上报 突击队 3 学习 1'))
    expect(first).toContain('党员突击队 3个')
    const second = cardText(await bot.say(zhao, '/上报 突击队 4 学习 1'))
    expect(second).toMatch(/本单位该周合计[^]*党员突击队 4个/)
    expect(second).toContain('集中学习 5次')
    expect(second).not.toContain('党员突击队 7个')
    // Revoking the second brings back the first; a correction starts from the value that stands.
    expect(cardText(await bot.say(zhao, '/撤销'))).toContain('党员突击队 3个')
    const corrected = cardText(await bot.say(zhao, '/更正 突击队 5'))
    expect(corrected).toMatch(/3个[^]*5个/)
    expect(corrected).toContain('党员突击队 5个')
  })

  it('agrees figure by figure: /统计, /进度, the digest, the export and the draft', async () => {
    const { row } = await exported('累计')
    const total = row('合计')
    const finance = row('区财政局')
    const stats = cardText(await bot.say(ADMIN, '/统计 累计'))
    const progress = cardText(await bot.say(ADMIN, '/进度 区财政局 累计'))
    const digest = cardText(await bot.say(leader, '/周报 本周'))
    const draftCard = plain(cardText(await bot.say(ADMIN, '/报告 累计')))
    const docx = await draftFile()

    for (const ind of catalog.all) {
      const n = total.get(ind.key)
      if (n === undefined) expect(stats, ind.name).not.toContain(`${ind.name} `)
      else {
        expect(stats, ind.name).toContain(shown(ind.key, n))
        expect(digest, ind.name).toContain(shown(ind.key, n))
      }
      const mine = finance.get(ind.key)
      if (mine === undefined) expect(progress, ind.name).not.toContain(`${ind.name} `)
      else expect(progress, ind.name).toContain(shown(ind.key, mine))
    }

    // The draft is the template filled with exactly the export's totals, 〔待补〕 where blank.
    const ledgerName = new Map(catalog.all.map((i) => [i.ledger, i.key]))
    const value = (name: string) => {
      if (name === '单位.参学') return 4
      const key = catalog.resolve(name)?.key ?? ledgerName.get(name)
      return key ? (total.get(key) ?? P) : P
    }
    // Rendered as the draft renders a figure (its 余 included): the figures are what is checked.
    const template = draftTemplate('累计')
    const expected = renderTemplate(
      template,
      new Map(template.placeholders.map((n) => [n, value(n)])),
    )
    for (const para of expected.split('\n').filter(Boolean)) {
      expect(draftCard).toContain(para)
      expect(docx).toContain(para)
    }
    expect(draftCard).toContain('设立党员示范岗9个')
    expect(draftCard).toContain('抽调了12名')
    expect(draftCard).toContain(`等项方案${P}个`)
    expect(draftCard).toContain('初步梳理归纳三类问题1项')
    const blanks = expected.split(P).length - 1
    expect(draftCard).toContain(`报告草稿：累计 · ${blanks}处待补`)
  })

  it('reads the same week in /统计, the digest, the weekly draft and the export', async () => {
    const total = (await exported('本周')).row('合计')
    const stats = cardText(await bot.say(ADMIN, '/统计 本周'))
    const digest = cardText(await bot.say(leader, '/周报 本周'))
    const draft = plain(cardText(await bot.say(ADMIN, '/报告 周报')))
    for (const ind of catalog.all) {
      const n = total.get(ind.key)
      if (n === undefined) continue
      expect(stats, ind.name).toContain(shown(ind.key, n))
      expect(digest, ind.name).toContain(shown(ind.key, n))
    }
    expect(digest).toContain('党员示范岗 2个（现有 9个）')
    expect(draft).toContain('本周全区4个参学单位中有2个报送了工作进展')
    expect(draft).toContain('设立党员示范岗2个、党员责任区〔待补〕个，组建党员突击队2个')
    expect(draft).toContain('巡回督导基层党组织主题教育工作5次')
    // A 0 only where the ledger, which the office keeps whole, says so.
    expect(draft).toContain('销号0项')
    expect(draft.replace('销号0项', '')).not.toMatch(/(?<!\d)0(?!\d)/)
  })
})
