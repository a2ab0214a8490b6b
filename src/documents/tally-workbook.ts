import { reportPages, type ReportRow } from '../../db/queries/entry-rows'
import { personNames } from '../../db/queries/people'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import type { Unit } from '../../db/schema'
import { KINDS, type Catalog } from '../domain/catalog'
import { weeksOf } from '../domain/period'
import { NOTHING, NOTHING_TEXT } from '../domain/report-args'
import { formatShanghai, weekDates, type Period } from '../domain/week'
import { columnName, type Cell, type Sheet, type StreamedSheet, type Workbook } from '../files/xlsx'
import { periodFigures, type PeriodFigures } from './figures'

export const TALLY_SHEETS = ['汇总', '上报记录']

/** /导出 上报: unit × indicator figures (those /统计 and /进度 show) and every entry behind them. */
export async function tallyWorkbook(db: Db, catalog: Catalog, period: Period): Promise<Workbook> {
  const figures = await periodFigures(db, catalog, period)
  const all = await listUnits(db)
  // Active units always get a row (blanks say who has not reported); a retired one only with data.
  const units = all.filter((u) => u.active || figures.units.has(u.id))
  const names = {
    unit: new Map(all.map((u) => [u.id, u.name])),
    person: await personNames(db),
  }
  return [
    totalsSheet(catalog, units, figures, period),
    entriesSheet(catalog, reportPages(db, weeksOf(period)), names),
  ]
}

// Under the table: what a blank and each kind's number mean, as /指标 tells the liaisons.
const NOTES = [
  `空白表示没有数据；单位名后注「${NOTHING_TEXT}」的，报了本期没有可报的数，计为已上报。只计有效记录，已撤销、待确认和已更正的不计。`,
  '存量指标：累计为各单位最新数之和，按周、按月为期间内的增减。办公室填报的只有合计；整改台账的按责任单位统计。',
]

function totalsSheet(
  catalog: Catalog,
  units: Unit[],
  figures: PeriodFigures,
  period: Period,
): Sheet {
  const groups = catalog.byCategory()
  const indicators = groups.flatMap((g) => g.indicators)
  const categoryRow: Cell[] = ['单位']
  const merges = ['A1:A2']
  for (const { category, indicators: inds } of groups) {
    const from = categoryRow.length
    categoryRow.push(category, ...inds.slice(1).map(() => null))
    if (inds.length > 1) merges.push(`${columnName(from)}1:${columnName(from + inds.length - 1)}1`)
  }
  const header = indicators.map((ind) =>
    ind.kind === 'flow'
      ? `${ind.name}（${ind.measure}）`
      : `${ind.name}（${ind.measure}，${KINDS[ind.kind]}）`,
  )
  const unitRows = units.map((u) => {
    const values = indicators.map((ind) => figures.units.get(u.id)?.values.get(ind.key) ?? null)
    // Reported, with nothing in it: said so, not left blank like a unit that never reported.
    const nothing = figures.reporting.has(u.id) && values.every((v) => v === null)
    const name = u.active ? u.name : `${u.name}（已停用）`
    return [nothing ? `${name}（${NOTHING_TEXT}）` : name, ...values]
  })
  const total = indicators.map((ind) => figures.district.values.get(ind.key) ?? null)
  return {
    name: TALLY_SHEETS[0]!,
    rows: [
      categoryRow,
      [null, ...header],
      ...unitRows,
      ['合计', ...total],
      [],
      [`统计期间：${period.label}。`],
      ...NOTES.map((note) => [note]),
    ],
    headerRows: 2,
    merges,
    widths: [22, ...indicators.map(() => 12)],
  }
}

const ENTRY_HEADER = ['记录号', '单位', '所属周', '指标', '数量', '上报人', '上报时间', '备注']
const REVOKE_HEADER = ['状态', '撤销人', '撤销时间']

type Names = { unit: Map<number, string>; person: (openId: string) => string }

function entriesSheet(
  catalog: Catalog,
  pages: AsyncIterable<ReportRow[]>,
  names: Names,
): StreamedSheet {
  return {
    name: TALLY_SHEETS[1]!,
    batches: entryRows(catalog, pages, names),
    headerRows: 1,
    widths: [8, 22, 16, 16, 8, 12, 18, 30, 8, 12, 18],
  }
}

/** A row per entry, a batch per page of reports. */
async function* entryRows(catalog: Catalog, pages: AsyncIterable<ReportRow[]>, names: Names) {
  yield [[...ENTRY_HEADER, ...REVOKE_HEADER]]
  const weeks = new Map<string, string>()
  const dates = (week: string) => weeks.get(week) ?? weeks.set(week, weekDates(week)).get(week)!
  for await (const page of pages) {
    yield page.flatMap((report) => {
      const [before, after] = reportCells(report, dates(report.week), names)
      // A 无 report's entry says so and leaves the amount blank: it is no figure.
      return report.entries.map(([key, amount]) => [
        ...before,
        ...(key === NOTHING ? [NOTHING_TEXT, null] : [catalog.byKey(key)?.name ?? key, amount]),
        ...after,
      ])
    })
  }
}

/** What each entry's row repeats of its report: the cells before the entry's, and after. */
function reportCells(r: ReportRow, week: string, names: Names): [Cell[], Cell[]] {
  const revoked = r.revokedAt
    ? ['已撤销', r.revokedBy ? names.person(r.revokedBy) : '', formatShanghai(r.revokedAt)]
    : ['有效', '', '']
  return [
    [r.id, names.unit.get(r.unitId) ?? '', week],
    [names.person(r.reporter), formatShanghai(r.createdAt), r.note ?? '', ...revoked],
  ]
}
