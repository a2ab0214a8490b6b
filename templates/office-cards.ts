import type { Indicator } from '../src/domain/catalog'
import { PENDING } from '../src/domain/draft-figures'
import { card, esc, hr, md } from './card'
import { when } from './format'

/** An office figure as it stands: its latest value, who set it and when; none if never set. */
export type OfficeLine = {
  indicator: Indicator
  latest?: { amount: number; setBy: string | null; at: Date }
}

/** What one /填报 changed: the new figure and the one it replaced. */
export type OfficeChange = { indicator: Indicator; amount: number; before: number | null }

const amount = (ind: Indicator, n: number) => `${n}${ind.measure}`

function lineText({ indicator, latest }: OfficeLine): string {
  if (!latest) return `${indicator.name}：<font color='red'>未填</font>`
  const by = latest.setBy ? ` ${esc(latest.setBy)}` : ''
  return `${indicator.name}：**${amount(indicator, latest.amount)}**（${when(latest.at)}${by}）`
}

/** /填报: what was just set, then every office figure with what is still empty. */
export function officeFiguresCard(vars: { changes: OfficeChange[]; lines: OfficeLine[] }) {
  const empty = vars.lines.filter((l) => !l.latest).length
  const changed = vars.changes.map(({ indicator, amount: n, before }) => {
    const was = before === null ? '原先未填' : `原为 ${amount(indicator, before)}`
    return `- ${indicator.name} ${amount(indicator, n)}（${was}）`
  })
  return card({
    title: vars.changes.length > 0 ? `已填报 ${vars.changes.length} 项` : '办公室填报的数',
    subtitle: '截至目前的总数，以最新一次为准',
    colour: vars.changes.length > 0 ? 'green' : 'blue',
    elements: [
      ...(changed.length > 0 ? [md(changed.join('\n')), hr()] : []),
      md(vars.lines.map(lineText).join('\n')),
      hr(),
      md(
        [
          empty > 0 ? `还有 **${empty}** 项未填，报告草稿里显示为${PENDING}。` : '全部已填。',
          // The draft's count of blanks is larger: it adds what no unit reported.
          `草稿里的${PENDING}还包括没有单位上报的指标，/报告 会按原因逐项列出。`,
          '例：/填报 抽调干部 12；数变了再填一次，以最新一次为准。',
        ].join('\n'),
      ),
    ],
  })
}
