import { UsageError } from '../../src/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { catalog } from '../../src/domain/catalog'
import { LARK_FILE_MAX_BYTES } from '../../src/lark/outbound'
import { exportRequest } from '../../src/documents/export-file'
import { sendExport } from '../../src/documents/send-export'
import { assertSendable } from '../../src/documents/send-file'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import { codesIn } from '../commands/rectification-support'
import { readXlsx } from '../files/read-xlsx'
import { FRIDAY, playCampaign, zhang } from './campaign'

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await playCampaign(bot)
})
afterEach(() => bot.close())

/** Sends the command and opens the workbook it put in the chat. */
async function exported(text: string) {
  const reply = cardText(await bot.say(ADMIN, text))
  const sent = bot.outbox.files.at(-1)!
  const sheets = await readXlsx(bot.outbox.uploads.get(sent.fileKey)!.bytes)
  return { reply, name: sent.name, sheet: (name: string) => sheets.get(name)! }
}

const indicatorColumns = catalog.byCategory().flatMap((g) => g.indicators)

describe('/导出 上报', () => {
  it('puts unit × indicator totals in the chat that agree with /统计 and /进度', async () => {
    const { reply, name, sheet } = await exported('/导出 上报 累计')
    expect(reply).toContain('上报统计-累计-2026-11-27.xlsx')
    expect(name).toBe('上报统计-累计-2026-11-27.xlsx')
    const [categories, header, ...rest] = sheet('汇总')
    expect(categories![0]).toBe('单位')
    expect(categories).toContain('理论学习')
    expect(header![1]).toBe(`${indicatorColumns[0]!.name}（${indicatorColumns[0]!.measure}）`)
    expect(rest.map((r) => r[0]).slice(0, 4)).toEqual(['区财政局', '区教育局', '区卫健委', '合计'])

    const total = rest[3]!
    const stats = cardText(await bot.say(ADMIN, '/统计 累计'))
    indicatorColumns.forEach((ind, i) => {
      const n = total[i + 1] as number | undefined
      // A blank is no data, never a 0: /统计 leaves such an indicator out.
      if (n !== undefined) expect(stats, ind.name).toContain(`${ind.name} ${n}${ind.measure}`)
      else expect(stats, ind.name).not.toContain(`${ind.name} `)
    })
    expect(total.slice(1).filter((n) => n === 0)).toEqual([])
    expect(total[indicatorColumns.findIndex((i) => i.key === 'group_sessions') + 1]).toBe(7)

    const finance = cardText(await bot.say(ADMIN, '/进度 区财政局 累计'))
    const study = indicatorColumns.findIndex((i) => i.key === 'study') + 1
    expect(rest[0]![study]).toBe(3)
    expect(finance).toContain('集中学习 3次')
  })

  it('lists every entry of the period, revoked ones with who revoked them', async () => {
    const { sheet } = await exported('/导出 上报 本周')
    const [header, ...entries] = sheet('上报记录')
    expect(header).toEqual([
      '记录号',
      '单位',
      '所属周',
      '指标',
      '数量',
      '上报人',
      '上报时间',
      '备注',
      '状态',
      '撤销人',
      '撤销时间',
    ])
    expect(entries.every((e) => e[2] === '11月23日—11月29日')).toBe(true)
    const revoked = entries.filter((e) => e[8] === '已撤销')
    expect(revoked).toEqual([
      [
        expect.any(Number),
        '区财政局',
        '11月23日—11月29日',
        '集中学习',
        100,
        '王五',
        '2026-11-27 10:00',
        undefined,
        '已撤销',
        '王五',
        '2026-11-27 10:00',
      ],
    ])
    expect(entries.find((e) => e[3] === '办实事好事')?.[7]).toBe('含“微心愿”')
    const week = sheet('汇总')
    const launched = indicatorColumns.findIndex((i) => i.key === 'orgs_launched') + 1
    expect(week.find((r) => r[0] === '合计')![launched]).toBeUndefined()
  })

  it('says what to type instead, and is for admins only', async () => {
    expect(cardText(await bot.say(ADMIN, '/导出'))).toContain('上报 或 整改')
    expect(cardText(await bot.say(ADMIN, '/导出 名单'))).toContain('看不懂「名单」')
    expect(cardText(await bot.say(ADMIN, '/导出 上报 去年'))).toContain('/导出 上报 累计')
    expect(cardText(await bot.say(ADMIN, '/导出 整改 逾期'))).toContain('/导出 整改 未销号')
    expect(cardText(await bot.say(zhang, '/导出 上报'))).toContain('没有权限')
    expect(bot.outbox.files).toHaveLength(0)
  })
})

describe('/导出 整改', () => {
  it('holds every item /整改 全部 lists, in its order, with every field and the history', async () => {
    const { name, sheet } = await exported('/导出 整改')
    expect(name).toBe('整改台账-全部-2026-11-27.xlsx')
    const [header, ...items] = sheet('整改台账')
    expect(header).toEqual([
      '编号',
      '问题',
      '来源',
      '整改措施',
      '整改时限',
      '牵头领导',
      '责任部门',
      '状态',
      '逾期天数',
      '登记人',
      '登记时间',
      '销号时间',
      '最新进展',
      '整改成效',
      '佐证',
    ])
    expect(items.map((i) => i[0])).toEqual(codesIn(await bot.say(ADMIN, '/整改 全部')))
    expect(items.find((i) => i[0] === 'ZG-2026-001')).toEqual([
      'ZG-2026-001',
      '审批材料重复提交',
      '调查研究',
      '建立台账限期办结',
      '2026-12-31',
      '赵书记',
      '区财政局',
      '整改中',
      0,
      '（未留姓名）', // a bootstrap admin the bot has no name for: never their open_id
      '2026-11-27 10:00',
    ]) // no 销号时间: the cell is empty
    expect(items.find((i) => i[0] === 'ZG-2026-004')?.[1]).toBe('窗口服务<慢>')
    const closed = items.find((i) => i[0] === 'ZG-2026-002')!
    expect(closed[13]).toBe('已增设窗口')
    const history = sheet('变更记录').slice(1)
    expect(history.filter((h) => h[3] === '挂账')).toHaveLength(4)
    const closing = history.find((h) => h[0] === 'ZG-2026-002' && h[4] === '状态')
    expect(closing?.slice(3, 8)).toEqual(['销号', '状态', '整改中', '已销号', '已增设窗口'])
  })

  it('未销号 holds what /整改 lists as outstanding', async () => {
    const { sheet } = await exported('/导出 整改 未销号')
    const codes = sheet('整改台账')
      .slice(1)
      .map((i) => i[0])
    expect(codes).toEqual(['ZG-2026-001', 'ZG-2026-004'])
    expect(codes).toEqual(codesIn(await bot.say(ADMIN, '/整改')))
    expect(
      sheet('变更记录')
        .slice(1)
        .map((h) => h[0]),
    ).toEqual(['ZG-2026-001', 'ZG-2026-004'])
  })
})

describe('files over Lark’s limit', () => {
  it('are refused with a clear message instead of an upload that fails', () => {
    const big = { name: '上报统计.xlsx', bytes: new Uint8Array(LARK_FILE_MAX_BYTES + 1) }
    expect(() => assertSendable(big, '请缩小范围')).toThrow(UsageError)
    expect(() => assertSendable(big, '请缩小范围')).toThrow('超过飞书 30 MB 的上限')
    const ok = { name: 'a.xlsx', bytes: new Uint8Array(LARK_FILE_MAX_BYTES) }
    expect(() => assertSendable(ok, '')).not.toThrow()
  })
})

describe('an export past Lark’s file limit, or one that fails', () => {
  const office = { chatId: 'oc_office', messageId: 'om_office_export' }
  const inOffice = <T extends { to: string }>(items: T[]) =>
    items.filter((i) => i.to === `chat_id:${office.chatId}`)

  it('comes in parts within the limit, each with 汇总, every entry once, after a card saying how', async () => {
    const whole = await exported('/导出 上报 累计')
    const wholeBytes = bot.outbox.uploads.get(bot.outbox.files.at(-1)!.fileKey)!.bytes.length
    const maxBytes = wholeBytes - 1
    await sendExport(bot.deps, office, exportRequest(['上报', '累计'], FRIDAY), { maxBytes })

    const files = inOffice(bot.outbox.files)
    expect(files.length).toBeGreaterThan(1)
    expect(files.map((f) => f.name)).toEqual(
      files.map((_, i) => `上报统计-累计-2026-11-27（第${i + 1}部分，共${files.length}部分）.xlsx`),
    )
    const [card, ...more] = inOffice(bot.outbox.items).map((i) => cardText(i.card))
    expect(more).toEqual([])
    expect(card).toContain(`分为 ${files.length} 个文件发送`)
    expect(card).toContain('每个文件都有「汇总」工作表')
    const [header, ...entries] = whole.sheet('上报记录')
    const seen: unknown[][] = []
    for (const [i, file] of files.entries()) {
      const bytes = bot.outbox.uploads.get(file.fileKey)!.bytes
      expect(bytes.length).toBeLessThanOrEqual(maxBytes)
      const sheets = await readXlsx(bytes)
      expect(sheets.get('汇总')).toEqual(whole.sheet('汇总'))
      const [partHeader, ...part] = sheets.get('上报记录')!
      expect(partHeader).toEqual(header)
      const range = `${seen.length + 1}—${seen.length + part.length}`
      expect(card).toContain(`第${i + 1}部分：「上报记录」第 ${range} 条`)
      seen.push(...part)
    }
    expect(seen).toEqual(entries)
  })

  it('says so in the chat when the workbook cannot be built', async () => {
    const filesBefore = bot.outbox.files.length
    await bot.deps.database.client.execute('alter table entries rename to entries_moved')
    expect(cardText(await bot.say(ADMIN, '/导出 上报 累计'))).toContain('正在导出')
    expect(cardText(bot.outbox.items.at(-1)!.card)).toContain(
      '「上报统计-累计-2026-11-27.xlsx」没有导出成功',
    )
    expect(bot.outbox.files).toHaveLength(filesBefore)
    expect(bot.errors.join('\n')).toContain('export 上报统计-累计-2026-11-27.xlsx failed')
  })
})
