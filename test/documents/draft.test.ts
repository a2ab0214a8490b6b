import mammoth from 'mammoth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { draftTemplate } from '../../src/documents/draft'
import { chunkText } from '../../templates/draft-cards'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'
import { draftSeedText } from '../support/fixtures'
import { FRIDAY, leader, playCampaign, zhang } from './campaign'

const paragraphs = (text: string) => text.split('\n').filter((p) => p.trim() !== '')
/** A card's text as read, without the markup that colours a blank red. */
const plain = (text: string) => text.replace(/<\/?font[^>]*>/g, '')

// What the office would have typed by hand for every blank of the template, in order, after the
// chat in campaign.ts: figures of live reports (the revoked 学习 100 is not counted), 3 units,
// the office's own figures as set with /填报, the ledger's counts, and 〔待补〕 where nobody
// gave a number.
const P = '〔待补〕'
const EXPECTED: Array<[string, number | string]> = [
  ['启动党组织', 12],
  ['抽调干部', 3],
  ['单位.参学', 3],
  ['制定方案', P],
  ['巡回督导', P],
  ['督导.发现问题', 1],
  ['督导.已整改', 1],
  ['报送周报', 2],
  ['报送月报', 1],
  ['亮点信息', 2],
  ['处级干部制定计划', 6],
  ['个人学习计划', 6],
  ['支部学习计划', P],
  ['集中学习', 3],
  ['第一议题', P],
  ['理论中心组会', 7],
  ['专题培训', 1],
  ['业务讲堂', P],
  ['网络学习', P],
  ['比武练兵', P],
  ['领导干部讲党课', P],
  ['书记讲党课', 2],
  ['邮寄学习资料', P],
  ['上门送学', P],
  ['帮学对子', P],
  ['读书班', P],
  ['调研内容方面', 4],
  ['调研课题', P],
  ['正面案例', P],
  ['反面案例', P],
  ['基层调研', 4],
  ['四下基层', 1],
  ['走流程办实事', P],
  ['解难题措施', P],
  ['领导联系点', P],
  ['解决突出问题', P],
  ['推动发展清单', P],
  ['制度推进措施', P],
  ['党员示范岗', P],
  ['党员责任区', P],
  ['党员突击队', P],
  ['承诺践诺', P],
  ['岗位贡献活动', P],
  ['微心愿', P],
  ['办实事好事', 30],
  ['整改.问题', 2],
  ['问题清单', P],
  ['整改.措施', 1],
  ['专项整治.问题', 1],
  ['新建制度', P],
  ['修订制度', P],
  ['废止制度', P],
]

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await playCampaign(bot)
})
afterEach(() => bot.close())

const files = () => bot.outbox.files
async function fileText(index: number) {
  const { fileKey } = files()[index]!
  const bytes = bot.outbox.uploads.get(fileKey)!.bytes
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value
}

describe('/报告 累计', () => {
  it('reads like the seed with exactly the right number in place of every *', async () => {
    expect(EXPECTED.map(([name]) => name)).toEqual(draftTemplate('累计').placeholders)
    const numbers = EXPECTED.map(([, n]) => n)
    const expected = draftSeedText
      .split('*')
      .reduce((text, part, i) => text + numbers[i - 1] + part)
      // 30 is exactly 30: 30余次 would claim more.
      .replace('为群众办实事好事30余次', '为群众办实事好事30次')
    const card = await bot.say(ADMIN, '/报告 累计')
    const text = plain(cardText(card))
    const blanks = numbers.filter((n) => n === P).length
    expect(blanks).toBe(31)
    expect(text).toContain(`报告草稿：累计 · ${blanks}处待补`)
    expect(text).toContain('召开理论中心组会7次')
    expect(text).toContain('为群众办实事好事30次')
    expect(text).toContain('开展集中学习3次')
    expect(text).toContain('全区12个基层党组织')
    expect(text).toContain('等项方案〔待补〕个')
    for (const para of paragraphs(expected)) expect(text).toContain(para)
    expect(text).not.toMatch(/\*|undefined|\{\{/)
    // No number stands where nobody gave one.
    expect(text).not.toMatch(/(?<!\d)0(?!\d)/)
    expect(cardText(card).split("<font color='red'>〔待补〕</font>")).toHaveLength(blanks + 1)
  })

  it('lists every blank by why it is blank, the office’s as many as /填报 says are empty', async () => {
    const text = plain(cardText(await bot.say(ADMIN, '/报告 累计')))
    expect(text).toContain('〔待补〕共 31 项，上报前请补齐：')
    expect(text).toContain(
      '- 办公室还没有填报 2 项：制定方案、巡回督导。发送 /填报 制定方案 数量 补上。',
    )
    const office = cardText(await bot.say(ADMIN, '/填报'))
    expect(office).toContain('还有 **2** 项未填')
    expect(office).toContain('/报告 会按原因逐项列出')
    const unreported = EXPECTED.filter(
      ([name, n]) => n === P && !['制定方案', '巡回督导'].includes(name),
    )
    expect(text).toContain(
      `- 还没有单位上报 29 项：${unreported.map(([name]) => name).join('、')}。`,
    )
    expect(text).not.toContain('整改台账里没有这类事项')
  })

  it('names a ledger count with no such item, and a week’s office figures not set that week', async () => {
    const week = plain(cardText(await bot.say(ADMIN, '/报告 周报 上周')))
    expect(week).toContain('- 办公室本期没有填报 3 项：巡回督导、报送月报、亮点信息')
    expect(week).toContain('发送 /填报 巡回督导 新的总数 补上。')
    expect(week).toContain('- 整改台账里没有这类事项 6 项：督导发现问题、督导已整改')
  })

  it('sends the same draft as a Word file after the answer, once', async () => {
    const event = messageEvent({ text: '/报告 累计', sender: ADMIN })
    await bot.post(event)
    await bot.post({ ...event, header: { ...event.header, event_id: 'ev_again' } })
    expect(files()).toHaveLength(1)
    expect(files()[0]!.name).toBe('主题教育累计-2026-11-27.docx')
    const answeredAt = bot.outbox.items.at(-1)!.at
    expect(files()[0]!.at >= answeredAt).toBe(true)
    const card = paragraphs(plain(cardText(bot.replyTo(event.event.message.message_id))))
    const draftEnd = card.findIndex((p) => p.startsWith('〔待补〕共'))
    expect(paragraphs(await fileText(0))).toEqual(card.slice(2, draftEnd))
    expect(paragraphs(await fileText(0))[0]).toBe('全区主题教育工作进展情况报告')
    expect(await fileText(0)).toContain('抽调了3名')
    expect(await fileText(0)).toContain('设立党员示范岗〔待补〕个')
    expect(await fileText(0)).toContain('开展“四下基层”1次')

    // A developer downloads what would have gone to Lark from the local outbox.
    const { fileKey } = files()[0]!
    expect((await bot.app.request('/dev/outbox/files')).status).toBe(200)
    const download = await bot.app.request(`/dev/outbox/files/${fileKey}`)
    expect(download.headers.get('content-disposition')).toContain(encodeURIComponent('累计'))
    const bytes = new Uint8Array(await download.arrayBuffer())
    expect(bytes).toEqual(bot.outbox.uploads.get(fileKey)!.bytes)
    expect((await bot.app.request('/dev/outbox/files/nope')).status).toBe(404)
  })
})

describe('/报告 周报 and 月报', () => {
  it('fills this week only, and where nobody reported says 〔待补〕, never 0', async () => {
    const week = plain(cardText(await bot.say(ADMIN, '/报告 周报')))
    expect(week).toContain('全区主题教育工作周报（11月23日—11月29日）')
    expect(week).toContain('本周全区3个参学单位中有2个报送了工作进展')
    expect(week).toContain(
      '开展集中学习3次，召开理论中心组会5次，开展专题培训1次，举办业务讲堂〔待补〕次',
    )
    // The office's figures set this week are this week's change; one never set is a blank.
    expect(week).toContain('巡回督导基层党组织主题教育工作〔待补〕次')
    expect(week).toContain('报送月报1期、亮点信息2篇')

    bot.setNow(new Date('2026-12-09T02:00:00Z'))
    const empty = plain(cardText(await bot.say(ADMIN, '/报告 周报 上周')))
    expect(empty).toContain('3个参学单位中有0个报送')
    expect(empty).toContain('开展集中学习〔待补〕次')
    // The ledger is the office's whole record: a week with nothing new in it has 0 new items.
    expect(empty).toContain('新梳理问题0项，研究制定整改措施0项，销号0项')
    expect(empty).not.toMatch(/\*|undefined|\{\{|NaN/)

    // Two weeks later, the week by its key is the same report as /报告 周报 was then.
    const byKey = plain(cardText(await bot.say(ADMIN, '/报告 周报 2026-W48')))
    expect(byKey).toContain('全区主题教育工作周报（11月23日—11月29日）')
    expect(byKey).toContain('开展集中学习3次，召开理论中心组会5次')
  })

  it('takes a month by name; November holds both weeks and the closed ledger items', async () => {
    const month = cardText(await bot.say(ADMIN, '/报告 月报 2026-11'))
    expect(month).toContain('全区主题教育工作月报（2026年11月）')
    expect(month).toContain('召开理论中心组会7次')
    expect(month).toContain('报送工作周报2期')
    expect(month).toContain('新梳理问题2项，研究制定整改措施1项，销号1项')
    const october = plain(cardText(await bot.say(ADMIN, '/报告 月报 2026-10')))
    expect(october).toContain('召开理论中心组会〔待补〕次')
    expect(october).toContain('新梳理问题〔待补〕项')
    expect(files().map((f) => f.name)).toEqual([
      '主题教育月报-2026年11月.docx',
      '主题教育月报-2026年10月.docx',
    ])
  })

  it('says what to type for a wrong kind or period, and is for admins only', async () => {
    for (const [typed, hint] of [
      ['/报告', '周报、月报或累计'],
      ['/报告 年报', '看不懂「年报」'],
      ['/报告 周报 2026-10', '/报告 周报 上周'],
      ['/报告 周报 2026-W52', '/报告 周报 11月16日—11月22日'],
      ['/报告 月报 上周', '/报告 月报 2026-10'],
      ['/报告 累计 本周', '/报告 累计'],
    ]) {
      expect(cardText(await bot.say(ADMIN, typed!)), typed).toContain(hint)
    }
    expect(cardText(await bot.say(zhang, '/报告 累计'))).toContain('没有权限')
    expect(cardText(await bot.say(leader, '/报告 累计'))).toContain('没有权限')
    expect(files()).toHaveLength(0)
  })
})

describe('splitting a long draft across cards', () => {
  it('packs whole paragraphs under the limit and cuts only an overlong one', () => {
    const text = ['甲'.repeat(30), '乙'.repeat(30), '丙'.repeat(100)].join('\n')
    const chunks = chunkText(text, 200)
    expect(chunks.every((c) => new TextEncoder().encode(c).length <= 200)).toBe(true)
    expect(chunks[0]).toBe(`${'甲'.repeat(30)}\n\n${'乙'.repeat(30)}`)
    expect(chunks.join('').replace(/\n/g, '')).toBe(text.replace(/\n/g, ''))
  })
})
