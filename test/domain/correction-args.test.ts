import { describe, expect, it } from 'vitest'
import { catalog } from '../../src/domain/catalog'
import { parseCorrectionArgs } from '../../src/domain/correction-args'

// Friday 2026-11-27 in Shanghai: week 2026-W48.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const parse = (text: string) => parseCorrectionArgs(text.split(' '), catalog, FRIDAY)
const ok = (text: string) => {
  const parsed = parse(text)
  if (!parsed.ok) throw new Error(parsed.error)
  return {
    unit: parsed.unit,
    week: parsed.week,
    indicator: parsed.indicator.name,
    amount: parsed.amount,
  }
}
const error = (text: string) => {
  const parsed = parse(text)
  return parsed.ok ? null : parsed.error
}

describe('/更正 arguments', () => {
  it.each([
    ['学习 5', { unit: '', week: null, indicator: '集中学习', amount: 5 }],
    ['学习 5 上周', { unit: '', week: '2026-W47', indicator: '集中学习', amount: 5 }],
    ['上周 学习5次', { unit: '', week: '2026-W47', indicator: '集中学习', amount: 5 }],
    ['党课 五 次', { unit: '', week: null, indicator: '书记讲党课', amount: 5 }],
    ['第一议题 2', { unit: '', week: null, indicator: '第一议题', amount: 2 }],
    [
      '区财政局 2026-W40 学习 5',
      { unit: '区财政局', week: '2026-W40', indicator: '集中学习', amount: 5 },
    ],
    [
      '区财政局 11月16日—11月22日 调研 2',
      { unit: '区财政局', week: '2026-W47', indicator: '基层调研', amount: 2 },
    ],
    [
      '学习 5 区财政局 W40',
      { unit: '区财政局', week: '2026-W40', indicator: '集中学习', amount: 5 },
    ],
  ])('%s', (text, expected) => {
    expect(ok(text)).toEqual(expected)
  })

  it('says what to type when something is missing or wrong', () => {
    expect(error('')).toBe('请写上要更正的指标和数量，例：/更正 学习 5')
    expect(error('学习')).toBe('「学习」后面缺少数量，例：/更正 学习 5')
    expect(error('5')).toBe('数量「5」前面缺少指标，例：/更正 学习 5')
    expect(error('学习 三点五')).toContain('数量必须是大于 0 的整数，例：/更正 集中学习 5')
    expect(error('学习 0')).toContain('不能更正为 0。要去掉报错的一整条，请用 /撤销 记录号')
    expect(error('学习 100000')).toContain('超过上限')
    expect(error('学习 5 党课 1')).toBe('一次只能更正一个指标，例：/更正 学习 5')
    expect(error('党客 2')).toMatch(/^没有找到指标「党客」。你是不是要更正「书记讲党课」/)
    expect(error('四下3')).toMatch(
      /^没有找到指标「四下」。你是不是要更正「四下基层」.*例：\/更正 四下基层 3$/,
    )
    expect(error('抽调干部 5')).toBe('「抽调干部」由主题教育办填写，要改请用 /填报 抽调干部 数量')
    expect(error('梳理问题 5')).toBe('「梳理问题」按整改台账统计，要改请在 /整改 里登记或销号')
    expect(error('学习 5 2026-W60')).toBe('没有「2026-W60」这一周。')
  })
})
