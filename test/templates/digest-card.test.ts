import { describe, expect, it } from 'vitest'
import { catalog } from '../../src/domain/catalog'
import type { DigestData } from '../../templates/digest-card'
import { cardText } from '../support/bot'
import { cardFits } from '../../templates/card-limits'
import { digestCard } from '../../templates/digest-card'
import { districtLeadersView, districtUnits } from '../support/district'

const tables = (card: ReturnType<typeof digestCard>) =>
  JSON.stringify(card).match(/"tag":"table"/g)?.length ?? 0

/** The biggest digest: every indicator has a number, 400 units with long names never reported. */
function worstCase(): DigestData {
  const sums = new Map(catalog.all.map((i) => [i.key, 9999]))
  const missing = districtUnits(400).map((u, i) => ({
    ...u,
    name: `某某区某某街道某某社区党委第${i}党支部<at id=all></at>`,
  }))
  return {
    week: '2026-W48',
    weekLabel: '上周（11月23日—11月29日）',
    asOf: '截至11月29日',
    weekSums: sums,
    weekStanding: new Map(
      catalog.all.filter((i) => ['stock', 'office'].includes(i.kind)).map((i) => [i.key, 99999]),
    ),
    previousSums: new Map(catalog.all.map((i) => [i.key, 1])),
    cumulative: sums,
    missing,
    activeUnits: 405,
    rectifications: { opened: 12, closed: 3, overdue: 1000 },
    leaders: districtLeadersView(),
    actions: { nudge: true, stats: true, progress: true, items: true },
  }
}

describe('digest card', () => {
  it('stays within Lark limits at 1,000 units: card 2.0, ≤ 5 tables, ≤ 200 elements, ≤ 25 KB', () => {
    const card = digestCard(catalog, worstCase())
    expect(card.schema).toBe('2.0')
    expect(tables(card)).toBeLessThanOrEqual(5)
    expect(cardFits(card)).toBe(true)
    const text = cardText(card)
    expect(text).toContain('另有 395 个，发送 /未报 查看全部')
    // Markdown escapes unit names so nobody is mentioned; table cells are plain text anyway.
    expect(JSON.stringify(card)).not.toContain('<at')
    expect(text).toContain('整改台账')
    expect(text).toContain('另有 997 项，发送 /整改 逾期 查看')
    expect(text).toContain('另有 990 个单位，发送 /目标 查看全部')
    expect(JSON.stringify(card).match(/"tag":"chart"/g)).toHaveLength(2)
  })

  it('answers the meeting first and folds the rest: no table above the fold', () => {
    const card = digestCard(catalog, worstCase())
    const elements = card.body.elements
    const firstPanel = elements.findIndex((e) => e.tag === 'collapsible_panel')
    const above = elements.slice(0, firstPanel)
    expect(above.map((e) => e.tag)).toEqual([
      'markdown',
      'markdown',
      'markdown',
      'markdown',
      'markdown',
      'column_set',
    ])
    const order = ['上报率', '未上报', '逾期整改', '目标', '变化最大'].map((h) =>
      cardText(card).indexOf(`**${h}`),
    )
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(order.every((i) => i >= 0)).toBe(true)
    expect(elements.slice(firstPanel).every((e) => e.tag === 'collapsible_panel')).toBe(true)
  })
})
