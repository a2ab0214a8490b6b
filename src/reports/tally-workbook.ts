import { entryRows, type EntryRow } from '../../db/queries/entry-rows'
import { personNames } from '../../db/queries/people'
import { totalsByUnit } from '../../db/queries/reports'
import { listUnits } from '../../db/queries/units'
import type { Db } from '../../db/client'
import type { Unit } from '../../db/schema'
import type { Catalog } from '../domain/catalog'
import { weeksOf } from '../domain/period'
import { formatShanghai, weekDates, type Period } from '../domain/week'
import { columnName, type Cell, type Sheet } from '../files/xlsx'

type Sums = Map<number, Map<string, number>>

/** /导出 上报: unit × indicator totals (the sums /统计 shows) and every entry behind them. */
export async function tallyWorkbook(db: Db, catalog: Catalog, period: Period): Promise<Sheet[]> {
  const weeks = weeksOf(period)
  const sums: Sums = new Map()
  for (const row of await totalsByUnit(db, { weeks })) {
    const unit = sums.get(row.unitId) ?? new Map<string, number>()
    sums.set(row.unitId, unit.set(row.indicator, row.total))
  }
  // Active units always get a row (zeros say who has not reported); a retired one only with data.
  const units = (await listUnits(db)).filter((u) => u.active || sums.has(u.id))
  const nameOf = await personNames(db)
  return [
    totalsSheet(catalog, units, sums, period),
    entriesSheet(catalog, await entryRows(db, weeks), nameOf),
  ]
}

function totalsSheet(catalog: Catalog, units: Unit[], sums: Sums, period: Period): Sheet {
  const groups = catalog.byCategory()
  const indicators = groups.flatMap((g) => g.indicators)
  const categoryRow: Cell[] = ['单位']
  const merges = ['A1:A2']
  for (const { category, indicators: inds } of groups) {
    const from = categoryRow.length
    categoryRow.push(category, ...inds.slice(1).map(() => null))
    if (inds.length > 1) merges.push(`${columnName(from)}1:${columnName(from + inds.length - 1)}1`)
  }
  const unitRows = units.map((u) => [
    u.active ? u.name : `${u.name}（已停用）`,
    ...indicators.map((ind) => sums.get(u.id)?.get(ind.key) ?? 0),
  ])
  const total = indicators.map((_, i) => unitRows.reduce((n, row) => n + (row[i + 1] as number), 0))
  return {
    name: '汇总',
    rows: [
      categoryRow,
      [null, ...indicators.map((ind) => `${ind.name}（${ind.measure}）`)],
      ...unitRows,
      ['合计', ...total],
      [],
      [`统计期间：${period.label}。只计有效记录，已撤销的不计。`],
    ],
    headerRows: 2,
    merges,
    widths: [22, ...indicators.map(() => 12)],
  }
}

const ENTRY_HEADER = ['记录号', '单位', '所属周', '指标', '数量', '上报人', '上报时间', '备注']
const REVOKE_HEADER = ['状态', '撤销人', '撤销时间']

function entriesSheet(catalog: Catalog, rows: EntryRow[], nameOf: (id: string) => string): Sheet {
  const body = rows.map((r) => {
    const ind = catalog.byKey(r.indicator)
    return [
      r.reportId,
      r.unitName,
      weekDates(r.week),
      ind?.name ?? r.indicator,
      r.amount,
      nameOf(r.reporter),
      formatShanghai(r.createdAt),
      r.note ?? '',
      r.revokedAt ? '已撤销' : '有效',
      r.revokedBy ? nameOf(r.revokedBy) : '',
      r.revokedAt ? formatShanghai(r.revokedAt) : '',
    ]
  })
  return {
    name: '上报记录',
    rows: [[...ENTRY_HEADER, ...REVOKE_HEADER], ...body],
    headerRows: 1,
    widths: [8, 22, 16, 16, 8, 12, 18, 30, 8, 12, 18],
  }
}
