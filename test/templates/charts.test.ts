import { describe, expect, it } from 'vitest'
import { catalog, CATEGORIES } from '../../src/domain/catalog'
import { completionChart, trendChart } from '../../templates/charts'

const WEEKS = ['10/12', '10/19', '10/26', '11/02', '11/09', '11/16', '11/23', '11/30']
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value))

type Spec = { data: { values: Array<Record<string, unknown>> } } & Record<string, unknown>
const specOf = (element: Record<string, unknown>) => element.chart_spec as Spec

describe('trendChart', () => {
  const series = [
    { name: '集中学习', values: [3, 5, 4, 6, 2, 7, 8, 5] },
    { name: '书记讲党课', values: [1, 0, 2, 1, 1, 3, 0, 2] },
  ]
  const element = trendChart({ title: '近 8 周关键指标', weeks: WEEKS, series })

  it('is a chart component holding a line chart of every indicator in every week', () => {
    expect(Object.keys(element).sort()).toEqual(['chart_spec', 'color_theme', 'tag'])
    // Distinct colours: Lark's default theme draws every line in one blue.
    expect(element.color_theme).toBe('rainbow')
    expect(element.tag).toBe('chart')
    const spec = specOf(element)
    expect(spec).toMatchObject({
      type: 'line',
      title: { text: '近 8 周关键指标' },
      xField: 'w',
      yField: 'v',
      seriesField: 'k',
    })
    for (const { name, values } of series)
      expect(spec.data.values.filter((d) => d.k === name)).toEqual(
        WEEKS.map((w, i) => ({ w, k: name, v: values[i] })),
      )
    expect(spec.data.values).toHaveLength(WEEKS.length * series.length)
  })

  it("writes each line's last figure at its last point, and wraps its legend instead of paging", () => {
    const spec = specOf(element) as Spec & {
      markPoint: Array<{ coordinate: unknown; itemContent: { text: { text: string } } }>
      legends: { maxRow: number }
    }
    expect(spec.markPoint.map((m) => [m.coordinate, m.itemContent.text.text])).toEqual([
      [{ w: '11/30', v: 5 }, '5'],
      [{ w: '11/30', v: 2 }, '2'],
    ])
    expect(spec.legends.maxRow).toBe(series.length)
  })

  it('is plain JSON: nothing a Lark client would have to run', () => {
    expect(JSON.parse(JSON.stringify(element))).toEqual(element)
  })

  // The digest draws 3 lines at most: more do not read on a phone.
  it('stays under 3 KB for 8 weeks of the 3 longest indicator names in four digits', () => {
    const longest = [...catalog.all].sort((a, b) => b.name.length - a.name.length).slice(0, 3)
    const big = trendChart({
      title: '近 8 周关键指标走势',
      weeks: WEEKS,
      series: longest.map((i) => ({ name: i.name, values: WEEKS.map(() => 9999) })),
    })
    expect(bytes(big)).toBeLessThan(3 * 1024)
  })

  it('refuses a series whose values do not match the weeks', () => {
    expect(() =>
      trendChart({ title: 't', weeks: WEEKS, series: [{ name: '集中学习', values: [1, 2] }] }),
    ).toThrow(/集中学习 has 2 values for 8 weeks/)
  })
})

describe('completionChart', () => {
  const bars = [
    { name: '组织推进', percent: 87.6 },
    { name: '理论学习', percent: 100 },
    { name: '调查研究', percent: 42.2 },
  ]

  it('is a horizontal bar per category in whole percents, with a line at 100%', () => {
    const element = completionChart({ title: '各类完成率（%）', bars })
    expect(element.tag).toBe('chart')
    const spec = specOf(element)
    expect(spec).toMatchObject({
      type: 'bar',
      direction: 'horizontal',
      title: { text: '各类完成率（%）' },
      xField: 'v',
      yField: 'k',
      markLine: [{ x: 100 }],
    })
    expect(spec.data.values).toEqual([
      { k: '组织推进', v: 88 },
      { k: '理论学习', v: 100 },
      { k: '调查研究', v: 42 },
    ])
  })

  it('reaches 100 on its axis when every category is short, and past the largest beyond it', () => {
    const axisMax = (percent: number) =>
      (
        specOf(completionChart({ title: 't', bars: [{ name: '组织推进', percent }] })).axes as any
      )[0].max
    expect(axisMax(42)).toBe(100)
    expect(axisMax(131)).toBe(140)
  })

  it('takes a few hundred bytes for every category', () => {
    const all = completionChart({
      title: '各类完成率（%）',
      bars: CATEGORIES.map((name) => ({ name, percent: 123.4 })),
    })
    expect(bytes(all)).toBeLessThan(1024)
  })
})
