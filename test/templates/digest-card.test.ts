import { describe, expect, it } from 'vitest'
import { catalog } from '../../src/domain/catalog'
import type { DigestData } from '../../templates/digest-card'
import { cardText } from '../support/bot'
import { cardFits } from '../../templates/card-limits'
import { digestCard } from '../../templates/digest-card'
import { districtLeadersView } from '../support/district'

const tables = (card: ReturnType<typeof digestCard>) =>
  card.body.elements.filter((e) => e.tag === 'table').length

/** The biggest digest: every indicator has a number, 400 units with long names never reported. */
function worstCase(): DigestData {
  const sums = new Map(catalog.all.map((i) => [i.key, 9999]))
  const longName = (i: number) => `某某区某某街道某某社区党委第${i}党支部<at id=all></at>`
  return {
    week: '2026-W48',
    weekLabel: '上周（11月23日—11月29日）',
    weekSums: sums,
    weekStanding: new Map(
      catalog.all.filter((i) => ['stock', 'office'].includes(i.kind)).map((i) => [i.key, 99999]),
    ),
    previousSums: new Map(catalog.all.map((i) => [i.key, 1])),
    cumulative: sums,
    cumulativeLabel: '截至11月29日',
    missing: Array.from({ length: 400 }, (_, i) => longName(i)),
    activeUnits: 405,
    rectifications: { opened: 12, closed: 3, overdue: 1000 },
    leaders: districtLeadersView(),
  }
}

describe('digest card', () => {
  it('stays within Lark limits at 1,000 units: card 2.0, ≤ 5 tables, ≤ 200 elements, ≤ 25 KB', () => {
    const card = digestCard(catalog, worstCase())
    expect(card.schema).toBe('2.0')
    expect(tables(card)).toBeLessThanOrEqual(5)
    expect(cardFits(card)).toBe(true)
    const text = cardText(card)
    expect(text).toContain('等 400 个单位')
    // Markdown escapes unit names so nobody is mentioned; table cells are plain text anyway.
    const markdown = card.body.elements.filter((e) => e.tag === 'markdown')
    expect(JSON.stringify(markdown)).not.toContain('<at')
    expect(text).toContain('整改台账')
    expect(text).toContain('另有 992 项，发送 /整改 逾期 查看')
    expect(text).toContain('等 1000 个单位')
    expect(text).toContain('另有 990 个单位，发送 /目标 查看全部')
    expect(card.body.elements.filter((e) => e.tag === 'chart')).toHaveLength(2)
  })
})
