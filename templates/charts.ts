import type { IBarChartSpec, ILineChartSpec } from '@visactor/vchart'
import type { Element } from './card'

/**
 * Chart components of Card JSON 2.0: a VChart spec in `{ tag: 'chart', chart_spec }`
 * (https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-json-v2-components/content-components/chart).
 *
 * The spec is JSON only ("图表组件暂不支持 JavaScript 语法"): no formatMethod, no callbacks.
 * Lark 7.16–7.26 draw it with VChart 1.10.1 and 7.27 on with 1.12.3; a 2.0 card reaches 7.20 on
 * only (older clients get Lark's upgrade notice instead of the body), so a spec uses nothing newer
 * than VChart 1.10 — hence a fixed axis max rather than 1.12's softMax. No colours in the spec:
 * one that styles itself turns the element's `color_theme` off, and the client's palette follows
 * its light or dark mode; the element asks for the `rainbow` theme, whose colours differ. No aspect_ratio: Lark picks 16:9 on PC and 1:1 on phones. The element
 * counts once towards the card's 200 (its spec holds no `tag`); its bytes are what it costs, so
 * the data's keys are single letters: w week, k indicator or category, v value.
 */
const chart = (spec: ILineChartSpec | IBarChartSpec): Element => ({
  tag: 'chart',
  // Lark's default theme (brand) draws every line in shades of one blue: lines must differ.
  color_theme: 'rainbow',
  chart_spec: spec,
})

/**
 * The indicators' weekly figures as lines, one per indicator, over `weeks` (labels like 11/23),
 * each with its last figure written at its last point. The legend wraps to as many rows as it
 * needs instead of paging: a phone shows every name.
 */
export function trendChart(opts: {
  title: string
  weeks: string[]
  series: Array<{ name: string; values: number[] }>
}): Element {
  const values = opts.series.flatMap(({ name, values }) => {
    if (values.length !== opts.weeks.length)
      throw new RangeError(
        `trendChart: ${name} has ${values.length} values for ${opts.weeks.length} weeks`,
      )
    return values.map((v, i) => ({ w: opts.weeks[i]!, k: name, v }))
  })
  const last = opts.weeks.at(-1)
  return chart({
    type: 'line',
    title: { text: opts.title },
    data: { values },
    xField: 'w',
    yField: 'v',
    seriesField: 'k',
    legends: { visible: true, orient: 'bottom', maxRow: opts.series.length },
    markPoint: opts.series.map(({ values }) => ({
      coordinate: { w: last, v: values.at(-1) },
      itemContent: { type: 'text', autoRotate: false, text: { text: String(values.at(-1)) } },
      itemLine: { visible: false },
    })),
  } as ILineChartSpec)
}

/**
 * Completion by category as horizontal bars, whole percents, with a line at the time gone
 * (时间进度) when the targets have a deadline, else at 100%. The axis reaches at least 100.
 */
export function completionChart(opts: {
  title: string
  bars: Array<{ name: string; percent: number }>
  time?: number | null
}): Element {
  const values = opts.bars.map((b) => ({ k: b.name, v: Math.round(b.percent) }))
  const top = Math.max(100, ...values.map((d) => d.v))
  return chart({
    type: 'bar',
    direction: 'horizontal',
    title: { text: opts.title },
    data: { values },
    xField: 'v',
    yField: 'k',
    label: { visible: true },
    axes: [
      { orient: 'bottom', type: 'linear', min: 0, max: Math.ceil(top / 20) * 20 },
      { orient: 'left', type: 'band' },
    ],
    markLine: [
      typeof opts.time === 'number'
        ? { x: opts.time, label: { text: `时间进度 ${opts.time}%` }, endSymbol: { visible: false } }
        : { x: 100, label: { text: '100%' }, endSymbol: { visible: false } },
    ],
  })
}
