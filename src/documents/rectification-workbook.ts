import { personNames } from '../../db/queries/people'
import {
  listRectifications,
  rectificationHistoryRows,
  type RectificationItem,
} from '../../db/queries/rectifications'
import { evidenceRows } from '../../db/queries/rectification-evidence'
import type { Db } from '../../db/client'
import { overdueDays, STATUS_NAMES, type Status } from '../domain/rectification'
import { formatShanghai, shanghaiDate } from '../domain/week'
import type { Workbook } from '../files/xlsx'
import { ACTION_NAMES } from '../../templates/rectification-cards'

export type RectificationScope = '全部' | '未销号'
export const RECTIFICATION_SHEETS = ['整改台账', '变更记录']

const ITEM_HEADER = [
  '编号',
  '问题',
  '来源',
  '整改措施',
  '整改时限',
  '牵头领导',
  '责任部门',
  '状态',
  '逾期天数',
  '登记人',
  '登记时间',
  '销号时间',
  '最新进展',
  '整改成效',
  '佐证',
]
const HISTORY_HEADER = ['编号', '时间', '操作人', '操作', '字段', '原值', '新值', '说明']
const FIELD_NAMES: Record<string, string> = { deadline: '整改时限', status: '状态' }

/** /导出 整改: every field of each item, in /整改's order, and every change on a second sheet. */
export async function rectificationWorkbook(
  db: Db,
  scope: RectificationScope,
  now: Date,
): Promise<Workbook> {
  const today = shanghaiDate(now)
  const view = scope === '未销号' ? 'outstanding' : 'all'
  const { items } = await listRectifications(db, { view }, today, { offset: 0, limit: 1_000_000 })
  const nameOf = await personNames(db)
  const codes = new Set(items.map((i) => i.code))
  const history = (await rectificationHistoryRows(db)).filter((h) => codes.has(h.code))
  const progress = lastNotes(history, ['progress'], true)
  const outcomes = lastNotes(history, ['close', 'request_close'], false)
  const evidence = evidenceByCode(await evidenceRows(db), nameOf)
  const itemRow = (item: RectificationItem) => [
    item.code,
    item.problem,
    item.source,
    item.measures,
    item.deadline,
    item.leadLeader,
    item.unitName,
    STATUS_NAMES[item.status],
    overdueDays(item, today),
    nameOf(item.createdBy),
    formatShanghai(item.createdAt),
    item.closedAt ? formatShanghai(item.closedAt) : '',
    progress.get(item.code) ?? '',
    outcomes.get(item.code) ?? '',
    evidence.get(item.code) ?? '',
  ]
  return [
    {
      name: RECTIFICATION_SHEETS[0]!,
      rows: [ITEM_HEADER, ...items.map(itemRow)],
      headerRows: 1,
      widths: [14, 40, 10, 40, 12, 12, 20, 8, 8, 12, 18, 18, 40, 40, 40],
    },
    {
      name: RECTIFICATION_SHEETS[1]!,
      // Read whole: a ledger is thousands of rows, not hundreds of thousands.
      batches: [[HISTORY_HEADER, ...history.map((h) => historyRow(h, nameOf))]],
      headerRows: 1,
      widths: [14, 18, 12, 10, 10, 14, 14, 40],
    },
  ]
}

type HistoryRow = Awaited<ReturnType<typeof rectificationHistoryRows>>[number]
type EvidenceRow = Awaited<ReturnType<typeof evidenceRows>>[number]

/** Each item's latest note among `actions` (最新进展 with its date, 整改成效 as written). */
function lastNotes(history: HistoryRow[], actions: string[], dated: boolean) {
  const notes = new Map<string, string>()
  for (const h of history)
    if (actions.includes(h.action) && h.note)
      notes.set(h.code, dated ? `${formatShanghai(h.createdAt).slice(0, 10)} ${h.note}` : h.note)
  return notes
}

/** Each item's evidence, a line each: what it is (with its Lark key), who and when. */
function evidenceByCode(rows: EvidenceRow[], nameOf: (openId: string) => string) {
  const lines = new Map<string, string[]>()
  for (const e of rows) {
    const what =
      e.kind === 'image'
        ? `图片 ${e.key}`
        : e.kind === 'file'
          ? `文件「${e.name ?? ''}」 ${e.key}`
          : e.key
    const line = `${what}（${nameOf(e.actorOpenId)} ${formatShanghai(e.createdAt)}）`
    lines.set(e.code, [...(lines.get(e.code) ?? []), line])
  }
  return new Map([...lines].map(([code, l]) => [code, l.join('\n')]))
}

function historyRow(h: HistoryRow, nameOf: (openId: string) => string) {
  return [
    h.code,
    formatShanghai(h.createdAt),
    nameOf(h.actorOpenId),
    ACTION_NAMES[h.action] ?? h.action,
    h.field ? (FIELD_NAMES[h.field] ?? h.field) : '',
    shown(h.field, h.oldValue),
    shown(h.field, h.newValue),
    h.note ?? '',
  ]
}

// Status changes are stored as codes (open → closed); the office reads 整改中 → 已销号.
const shown = (field: string | null, value: string | null) =>
  (field === 'status' ? STATUS_NAMES[value as Status] : undefined) ?? value ?? ''
