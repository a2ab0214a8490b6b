/**
 * Numbers a report template can name besides indicator totals (an indicator is named by its
 * 名称). Names hold a dot so they can never clash with an indicator's name.
 */
export const UNIT_FIGURES = ['单位.参学', '单位.联络员', '单位.上报'] as const
/** Weeks whose digest card went out to at least one leader. */
export const DIGEST_FIGURE = '周报.已推送'

// The seed's 三类问题 are those found in research, development and by the public, together with
// inspection and audit feedback; 督导 and 专项整治 findings are counted in their own sentences.
const REVIEW_SOURCES = ['调查研究', '推动发展', '群众反映', '巡视巡察', '审计监督']

type RectificationCount = 'found' | 'measures' | 'closed'
export const RECTIFICATION_FIGURES: Record<
  string,
  { sources: string[]; count: RectificationCount }
> = {
  '整改.问题': { sources: REVIEW_SOURCES, count: 'found' },
  '整改.措施': { sources: REVIEW_SOURCES, count: 'measures' },
  '整改.已销号': { sources: REVIEW_SOURCES, count: 'closed' },
  '督导.发现问题': { sources: ['督导'], count: 'found' },
  '督导.已整改': { sources: ['督导'], count: 'closed' },
  '专项整治.问题': { sources: ['专项整治'], count: 'found' },
  '专项整治.已整改': { sources: ['专项整治'], count: 'closed' },
}

export const FIGURE_NAMES = [...UNIT_FIGURES, DIGEST_FIGURE, ...Object.keys(RECTIFICATION_FIGURES)]
/** What the draft says where a figure has no data: never a 0 nobody reported. */
export const PENDING = '〔待补〕'
/** Words, not numbers: the period's label and the day the draft was made. */
export const TEXT_FIELDS = ['期间', '日期'] as const

export type RectificationRow = {
  source: string
  status: string
  measures: string
  createdAt: Date
  closedAt: Date | null
}
export type Range = { start: Date; end: Date } | null

/**
 * Ledger counts for a period: found and measures by when the item was filed, closed by when it
 * was struck off (and is still closed). A null range is all time.
 */
export function rectificationFigures(rows: RectificationRow[], range: Range): Map<string, number> {
  const within = (at: Date | null) =>
    at !== null && (!range || (at >= range.start && at < range.end))
  const counts = new Map<string, number>()
  for (const [name, { sources, count }] of Object.entries(RECTIFICATION_FIGURES)) {
    const mine = rows.filter((r) => sources.includes(r.source))
    const hits = {
      found: mine.filter((r) => within(r.createdAt)),
      measures: mine.filter((r) => within(r.createdAt) && r.measures.trim() !== ''),
      closed: mine.filter((r) => r.status === 'closed' && within(r.closedAt)),
    }[count]
    counts.set(name, hits.length)
  }
  return counts
}
