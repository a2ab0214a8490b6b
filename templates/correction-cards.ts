import type { Catalog, Indicator } from '../src/domain/catalog'
import { card, esc, hr, md, mention } from './card'
import { totalsMarkdown, when } from './format'

/** An entry the correction replaced, with the name of whoever reported it. */
export type Replaced = { reportId: number; amount: number; by: string; at: Date; counts: boolean }

export type CorrectionVars = {
  id: number
  unitName: string
  weekLabel: string
  indicator: Indicator
  /** The counted figure before the correction. */
  before: number
  amount: number
  replaced: Replaced[]
  /** Who corrected it; without a name (unknown to the bot) the card @mentions them. */
  by: { openId: string; name: string | null }
  at: Date
  /** Set when an admin corrected a locked week: who locked it and when. */
  afterLock: { by: string; at: Date } | null
  /** The unit's figures for the week once the correction is in. */
  weekTotals: ReadonlyMap<string, number>
  /** What to type to correct it again. */
  again: string
}

/** The answer to /更正: old and new figure, whose entries it replaced, the week after it. */
export function correctionCard(catalog: Catalog, v: CorrectionVars) {
  const unit = (n: number) => `${n}${v.indicator.measure}`
  const change =
    v.replaced.length === 0
      ? `这一周原来没有报，记为 **${unit(v.amount)}**`
      : `原为 ${unit(v.before)}，更正为 **${unit(v.amount)}**`
  const replaced = v.replaced.map(
    (r) =>
      `#${r.reportId}（${esc(r.by)} ${when(r.at)} 报 ${unit(r.amount)}${r.counts ? '' : '，当时未计入'}）`,
  )
  return card({
    title: `已更正 · 记录号 #${v.id}`,
    subtitle: `${v.unitName} · ${v.weekLabel}`,
    colour: v.afterLock ? 'orange' : 'green',
    elements: [
      md(`**${v.indicator.name}**：${change}`),
      ...(replaced.length > 0
        ? [
            md(
              `<font color='grey'>不再计入：${replaced.join('、')}，记录仍保留在 /记录 里。</font>`,
            ),
          ]
        : []),
      md(
        `<font color='grey'>更正人：${v.by.name ? esc(v.by.name) : mention(v.by.openId)} · ${when(v.at)}</font>`,
      ),
      ...(v.afterLock
        ? [
            md(
              `<font color='orange'>这一周已由 ${esc(v.afterLock.by)} 于 ${when(v.afterLock.at)} 锁定（数已报送上级），` +
                '这是锁定后的更正，/记录 里会标明；如已报送的材料受影响，请另行更正。</font>',
            ),
          ]
        : []),
      hr(),
      md(`**本单位该周合计**\n${totalsMarkdown(catalog, v.weekTotals)}`),
      md(`<font color='grey'>还要改，再发一次 ${esc(v.again)}</font>`),
    ],
  })
}
