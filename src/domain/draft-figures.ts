/**
 * Numbers a draft template can name besides indicator figures (an indicator is named by its
 * 名称). Names hold a dot so they can never clash with an indicator's name.
 */
export const UNIT_FIGURES = ['单位.参学', '单位.联络员', '单位.上报'] as const

// The ledger's counts. A template names them where the seed's sentence counts the ledger
// (三类问题, 整改措施, 督导 and 专项整治 findings), so its name says the ledger fills it; the
// catalog's ledger indicators (梳理问题 …) are the same counts under their own names.
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

export const FIGURE_NAMES = [...UNIT_FIGURES, ...Object.keys(RECTIFICATION_FIGURES)]
/** What the draft says where a figure has no data: never a 0 nobody reported. */
export const PENDING = '〔待补〕'
/** Words, not numbers: the period's label and the day the draft was made. */
export const TEXT_FIELDS = ['期间', '日期'] as const

export type RectificationRow = {
  unitId: number
  source: string
  status: string
  measures: string
  createdAt: Date
  closedAt: Date | null
}
export type Range = { start: Date; end: Date } | null

/**
 * The ledger's counts for a period, per responsible unit: found and measures by when the item
 * was filed, closed by when it was struck off (and is still closed). A null range is all time.
 * A unit counts (0 included) once it has an item of those sources filed by the period's end:
 * the office keeps the ledger whole, so only a ledger without such items has no figure.
 */
export function ledgerCounts(rows: RectificationRow[], range: Range) {
  const [start, end] = range ? [range.start.getTime(), range.end.getTime()] : [-Infinity, Infinity]
  const within = (at: Date | null) => at !== null && at.getTime() >= start && at.getTime() < end
  const figures = Object.entries(RECTIFICATION_FIGURES).map(([name, figure]) => ({
    name,
    ...figure,
    units: new Map<number, number>(),
  }))
  // One pass over the ledger, which every period's figures read whole.
  for (const r of rows) {
    if (r.createdAt.getTime() >= end) continue
    const found = within(r.createdAt)
    for (const { sources, count, units } of figures) {
      if (!sources.includes(r.source)) continue
      const hit =
        count === 'found'
          ? found
          : count === 'measures'
            ? found && r.measures.trim() !== ''
            : r.status === 'closed' && within(r.closedAt)
      units.set(r.unitId, (units.get(r.unitId) ?? 0) + (hit ? 1 : 0))
    }
  }
  return new Map(figures.map(({ name, units }) => [name, units]))
}
