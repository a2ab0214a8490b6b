import { describe, expect, it } from 'vitest'
import { catalog, createCatalog } from '../../src/domain/catalog'
import { parseReportArgs } from '../../src/domain/report-args'

// Reads like the chat: the part after `/上报`.
const parse = (text: string, cat = catalog) => parseReportArgs(text.split(' '), cat)

const itemsOf = (text: string) => {
  const result = parse(text)
  if (!result.ok) throw new Error(result.error)
  return result.items.map((i) => [i.indicator.name, i.amount])
}

const errorOf = (text: string, cat = catalog) => {
  const result = parse(text, cat)
  if (result.ok) throw new Error(`expected an error for ${text}`)
  return result.error
}

describe('parseReportArgs: accepted forms', () => {
  it.each([
    ['学习 3', [['集中学习', 3]]],
    ['学习3', [['集中学习', 3]]],
    ['学习三', [['集中学习', 3]]],
    ['学习１２', [['集中学习', 12]]],
    ['学习 三', [['集中学习', 3]]],
    ['学习 二十三', [['集中学习', 23]]],
    ['学习 3次', [['集中学习', 3]]],
    [
      '学习3次党课1次',
      [
        ['集中学习', 3],
        ['书记讲党课', 1],
      ],
    ],
    ['送学 5人次', [['上门送学', 5]]],
    ['第一议题 2', [['第一议题', 2]]],
    ['第一议题二', [['第一议题', 2]]],
    ['四下基层3', [['四下基层', 3]]],
    [
      '学习 3 党课 1 调研 2',
      [
        ['集中学习', 3],
        ['书记讲党课', 1],
        ['基层调研', 2],
      ],
    ],
    [
      '学习 3，党课 1、调研 2',
      [
        ['集中学习', 3],
        ['书记讲党课', 1],
        ['基层调研', 2],
      ],
    ],
    [
      '学习：3；党课:1',
      [
        ['集中学习', 3],
        ['书记讲党课', 1],
      ],
    ],
    [
      '学习=3 党课＝1',
      [
        ['集中学习', 3],
        ['书记讲党课', 1],
      ],
    ],
    [
      '学习 3 次 送学 5 人次',
      [
        ['集中学习', 3],
        ['上门送学', 5],
      ],
    ],
    ['学习 9999', [['集中学习', 9999]]],
  ])('%s', (text, items) => {
    expect(itemsOf(text)).toEqual(items)
  })

  it('reads a leading 上周 and defaults to this week', () => {
    expect(parse('上周 学习 3')).toMatchObject({ ok: true, lastWeek: true, note: null })
    expect(parse('上周学习3')).toMatchObject({ ok: true, lastWeek: true })
    expect(parse('本周 学习 3')).toMatchObject({ ok: true, lastWeek: false })
    expect(parse('学习 3')).toMatchObject({ ok: true, lastWeek: false })
  })

  it('takes the note to the end of the message, with either colon', () => {
    expect(parse('学习 3 备注：线上')).toMatchObject({ ok: true, note: '线上' })
    expect(parse('学习 3 备注: 线上, 两个 支部')).toMatchObject({
      ok: true,
      note: '线上, 两个 支部',
    })
    expect(parse('学习 3 备注 线上')).toMatchObject({ ok: true, note: '线上' })
    expect(parse('学习３，党课 1 备注：线上，两个支部（含离退休）。')).toMatchObject({
      ok: true,
      note: '线上，两个支部（含离退休）。',
    })
    expect(parse('学习3备注:线上')).toMatchObject({ ok: true, note: '线上' })
    expect(parse('学习 3 备注：')).toMatchObject({ ok: true, note: null })
  })

  it('accepts args that still hold full-width text or spaces', () => {
    const result = parseReportArgs(['学习　３', '党课：１'], catalog)
    expect(result.ok && result.items.map((i) => i.amount)).toEqual([3, 1])
  })
})

describe('parseReportArgs: nothing to report (无)', () => {
  it.each([
    ['无', false],
    ['本周无', false],
    ['本周 无', false],
    ['没有', false],
    ['无新增', false],
    ['上周 无', true],
    ['上周无', true],
  ])('reads %s as a week with nothing to report', (text, lastWeek) => {
    expect(parse(text)).toEqual({ ok: true, lastWeek, items: [], note: null, nothing: true })
  })

  it('keeps a note', () => {
    expect(parse('无 备注：本周集中迎检')).toMatchObject({ nothing: true, note: '本周集中迎检' })
  })

  it('refuses 无 beside figures, whole message and all', () => {
    expect(errorOf('无 学习 3')).toBe(
      '「无」表示这一周没有可报的数，不能和指标写在一起；有数就只写指标和数量，例：/上报 学习 3',
    )
    expect(errorOf('学习 3 无')).toContain('不能和指标写在一起')
  })
})

describe('parseReportArgs: errors say what to type instead', () => {
  it('asks for something to report', () => {
    const ask = '请写上指标和数量，例：/上报 学习 3 党课 1；没有可报的数发 /上报 无'
    expect(errorOf('')).toBe(ask)
    expect(errorOf('上周')).toBe(ask)
    expect(errorOf('备注：线上')).toBe(ask)
  })

  it('suggests the closest indicator for an unknown word', () => {
    expect(errorOf('四下 2')).toBe(
      '没有找到指标「四下」。你是不是要上报「四下基层」？例：/上报 四下基层 2',
    )
    expect(errorOf('四下2')).toBe(
      '没有找到指标「四下」。你是不是要上报「四下基层」？例：/上报 四下基层 2',
    )
    expect(errorOf('学习 3 党客 1')).toBe(
      '没有找到指标「党客」。你是不是要上报「书记讲党课」或「领导干部讲党课」？例：/上报 书记讲党课 1',
    )
    expect(errorOf('讲党课')).toBe(
      '没有找到指标「讲党课」。你是不是要上报「书记讲党课」或「领导干部讲党课」？例：/上报 书记讲党课 1',
    )
  })

  it('points to /指标 when nothing is close', () => {
    expect(errorOf('abc 3')).toBe('没有找到指标「abc」。发送 /指标 查看全部指标，例：/上报 学习 3')
  })

  it('rejects a missing amount', () => {
    expect(errorOf('学习')).toBe('「学习」后面缺少数量，例：/上报 学习 3')
    expect(errorOf('学习 党课 1')).toBe('「学习」后面缺少数量，例：/上报 学习 3')
  })

  it.each(['学习 0', '学习0', '学习 零'])('points %s, a zero, to /上报 无', (text) => {
    expect(errorOf(text)).toBe(
      '「学习」的数量不能是 0：没有的项不用写；整周都没有可报的数，发 /上报 无（上周的发 /上报 上周 无）',
    )
  })

  it.each([
    ['学习 -1', '-1'],
    ['学习-1', '-1'],
    ['学习 3.5', '3.5'],
    ['学习3.5', '3.5'],
    ['学习 三x', '三x'],
    ['学习 3个', '3个'],
  ])('rejects the amount in %s', (text, amount) => {
    expect(errorOf(text)).toBe(
      `「学习」的数量「${amount}」不对：数量必须是大于 0 的整数，例：/上报 学习 3`,
    )
  })

  it('rejects absurdly large amounts, using a per-indicator maximum when set', () => {
    expect(errorOf('学习 12000')).toBe('「学习」的数量 12000 超过上限 9999，请核对后重报')
    expect(errorOf('学习 一万二')).toBe('「学习」的数量 12000 超过上限 9999，请核对后重报')
    const small = createCatalog(catalog.all.map((i) => (i.key === 'study' ? { ...i, max: 50 } : i)))
    expect(errorOf('学习 51', small)).toBe('「学习」的数量 51 超过上限 50，请核对后重报')
  })

  it('rejects the same indicator twice instead of guessing', () => {
    expect(errorOf('学习 3 学习 2')).toBe('「学习」出现了两次，请合并为一个数量')
    expect(errorOf('学习 3 集中学习 2')).toBe(
      '「学习」和「集中学习」是同一个指标，请合并为一个数量',
    )
  })

  it('rejects an amount without an indicator', () => {
    expect(errorOf('3')).toBe('数量「3」前面缺少指标，例：/上报 学习 3')
    expect(errorOf('学习 3 2')).toBe('数量「2」前面缺少指标，例：/上报 学习 3')
  })

  it('wants 上周 first and only weeks', () => {
    expect(errorOf('学习 3 上周')).toBe('「上周」要写在最前面，例：/上报 上周 学习 3')
    expect(errorOf('本月 学习 3')).toBe('只能上报本周或上周的数，例：/上报 上周 学习 3')
  })

  it('is whole or nothing: one bad pair rejects the message', () => {
    expect(parse('学习 3 党课 -1 调研 2')).toEqual({
      ok: false,
      error: '「党课」的数量「-1」不对：数量必须是大于 0 的整数，例：/上报 党课 3',
    })
  })

  it("leaves the office's figures and the ledger's counts to the office, whole message and all", () => {
    expect(errorOf('学习 3 抽调干部 2')).toBe('「抽调干部」由主题教育办用 /填报 填写，单位不用上报')
    expect(errorOf('督导 1')).toBe('「巡回督导」由主题教育办用 /填报 填写，单位不用上报')
    expect(errorOf('问题 5')).toBe(
      '「梳理问题」按整改台账统计，由主题教育办用 /整改 新增 登记，单位不用上报',
    )
    expect(itemsOf('示范岗 5 清单 2')).toEqual([
      ['党员示范岗', 5],
      ['问题清单', 2],
    ])
    expect(errorOf('督到 1')).not.toContain('巡回督导')
  })

  it('limits the length of the note', () => {
    expect(errorOf(`学习 3 备注：${'长'.repeat(201)}`)).toBe('备注太长了，最多 200 个字')
    expect(parse(`学习 3 备注：${'长'.repeat(200)}`).ok).toBe(true)
  })
})
