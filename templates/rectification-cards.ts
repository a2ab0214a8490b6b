import { z } from 'zod'
import type { RectificationItem, RectificationView } from '../db/queries/rectifications'
import type { RectificationEvidence, RectificationHistory } from '../db/schema'

// Rows as they read or as they are about to be written: the card does not need their ids.
type HistoryRow = Omit<RectificationHistory, 'id'>
type EvidenceRow = Omit<RectificationEvidence, 'id'>
import { overdueDays, STATUS_NAMES } from '../src/domain/rectification'
import { button, buttons, card, clip, esc, hr, md, type Element } from './card'
import { when } from './format'

export const RECTIFICATION_PAGE_SIZE = 10

/** Where a list card was: its buttons bring the same page back after an action. */
export const listPlace = z.object({
  v: z.enum(['outstanding', 'overdue', 'closed', 'all']),
  u: z.number().int().positive().optional(),
  /** The lead leader's open_id: the items they lead (/整改 我的). */
  ld: z.string().optional(),
  /** Sent privately: only the buttons its reader may use. */
  pr: z.literal(1).optional(),
  p: z.number().int().min(0),
})
export type ListPlace = z.infer<typeof listPlace>

export const pageValue = listPlace.extend({ a: z.literal('ledger-page') })
export const closeValue = z.object({ a: z.literal('ledger-close'), code: z.string(), l: listPlace })
/** `l`: the list the button was on (private or the group's), where a form opens from it. */
export const extendFormValue = z.object({
  a: z.literal('ledger-extend-form'),
  code: z.string(),
  l: listPlace.optional(),
})
/**
 * A group's list card that a form, opened for one person, came from: `m` is its message,
 * updated once the form is submitted so the group reads the change.
 */
export const groupList = listPlace.extend({ m: z.string().min(1) })
export type GroupList = z.infer<typeof groupList>

/** In red, how many days late an item is (nothing when it is not). */
export function lateText(item: RectificationItem, today: string): string {
  const late = overdueDays(item, today)
  return late > 0 ? ` <font color='red'>逾期${late}天</font>` : ''
}

function statusText(item: RectificationItem): string {
  if (item.status === 'pending') return ` · <font color='orange'>待审核</font>`
  return item.status === 'closed' ? ` · <font color='green'>已销号</font>` : ''
}

export function itemMarkdown(item: RectificationItem, today: string, problemMax = 60): string {
  return [
    `**${item.code}** ${esc(clip(item.problem, problemMax))}`,
    `${esc(item.unitName)} · 时限 ${item.deadline}${lateText(item, today)} · 牵头领导 ${esc(item.leadLeader)}${statusText(item)}`,
  ].join('\n')
}

/** Which of an item's buttons its reader may use; without it, all of them (a group card). */
export type ItemRights = (item: RectificationItem) => { close: boolean; extend: boolean }

function itemButtons(item: RectificationItem, place: ListPlace, may?: ItemRights): Element[] {
  if (item.status === 'closed') return []
  const rights = may?.(item) ?? { close: true, extend: true }
  const shown = [
    // It opens the 销号 form, which asks for the 整改成效: no confirmation needed before.
    rights.close &&
      button({
        text: '销号',
        type: 'primary',
        value: { a: 'ledger-close', code: item.code, l: place },
      }),
    rights.extend &&
      button({
        text: '延期',
        value: { a: 'ledger-extend-form', code: item.code, l: place },
      }),
  ].filter((b): b is Element => b !== false)
  return shown.length > 0 ? [buttons(...shown)] : []
}

function pager(place: ListPlace, total: number): Element[] {
  const pages = Math.max(1, Math.ceil(total / RECTIFICATION_PAGE_SIZE))
  const nav: Element[] = []
  if (place.p > 0)
    nav.push(button({ text: '上一页', value: { a: 'ledger-page', ...place, p: place.p - 1 } }))
  if (place.p + 1 < pages)
    nav.push(button({ text: '下一页', value: { a: 'ledger-page', ...place, p: place.p + 1 } }))
  const line = md(`<font color='grey'>第 ${place.p + 1}/${pages} 页，共 ${total} 项</font>`)
  return nav.length > 0 ? [line, buttons(...nav)] : [line]
}

const VIEW_TITLES: Record<RectificationView, string> = {
  outstanding: '未销号',
  overdue: '逾期',
  closed: '已销号',
  all: '全部',
}

export function rectificationListCard(opts: {
  place: ListPlace
  unitName?: string
  /** Whose items these are, when they are the items someone leads. */
  leaderName?: string
  may?: ItemRights
  items: RectificationItem[]
  total: number
  today: string
}): ReturnType<typeof card> {
  const whose = opts.leaderName ? `${opts.leaderName}牵头 · ` : ''
  const scope = `${whose}${opts.unitName ? `${opts.unitName} · ` : ''}${VIEW_TITLES[opts.place.v]}`
  const body = opts.items.flatMap((item) => [
    md(itemMarkdown(item, opts.today)),
    ...itemButtons(item, opts.place, opts.may),
    hr(),
  ])
  return card({
    title: `整改台账 · ${scope}`,
    subtitle: `截至 ${opts.today}`,
    colour: opts.place.v === 'overdue' && opts.total > 0 ? 'red' : 'blue',
    elements:
      opts.total === 0
        ? [md(`没有${VIEW_TITLES[opts.place.v]}的整改事项。`)]
        : [...body, ...pager(opts.place, opts.total)],
  })
}

/** What each history action is called on cards and in the export. */
export const ACTION_NAMES: Record<string, string> = {
  create: '挂账',
  progress: '进展',
  extend: '延期',
  close: '销号',
  request_close: '申请销号',
  approve: '同意销号',
  reject: '退回',
  reopen: '重开',
}

// Long texts are cut so a card stays well under Lark's 30 KB (Chinese is 3 bytes a character).
const MAX_HISTORY = 30
const MAX_TEXT = 800

// Names, not <at> mentions: reading a history should not ping everyone in it.
function historyLine(row: HistoryRow, nameOf: (openId: string) => string): string {
  const what = ACTION_NAMES[row.action] ?? row.action
  const change =
    row.field === 'deadline'
      ? `：${esc(row.oldValue ?? '')} → ${esc(row.newValue ?? '')}`
      : row.field === 'status'
        ? `：${statusName(row.oldValue)} → ${statusName(row.newValue)}`
        : ''
  const note = row.note ? `，${esc(clip(row.note, 100))}` : ''
  return `${when(row.createdAt)} ${esc(nameOf(row.actorOpenId))} ${what}${change}${note}`
}

const statusName = (s: string | null) => STATUS_NAMES[s as keyof typeof STATUS_NAMES] ?? s ?? ''

const MAX_EVIDENCE = 20

function evidenceWhat(row: EvidenceRow): string {
  if (row.kind === 'image') return '图片'
  if (row.kind === 'file') return `文件「${esc(clip(row.name ?? '未命名', 60))}」`
  return esc(clip(row.key, 200))
}

/** 佐证, one line each with who attached it and when; the images and files stay in the chat. */
export function evidenceMarkdown(rows: EvidenceRow[], nameOf: (openId: string) => string): string {
  if (rows.length === 0) return '**佐证**：暂无'
  const shown = rows.slice(-MAX_EVIDENCE)
  const more =
    rows.length > shown.length ? `（共 ${rows.length} 件，显示最近 ${MAX_EVIDENCE} 件）` : ''
  const lines = shown.map(
    (row) => `· ${evidenceWhat(row)}（${esc(nameOf(row.actorOpenId))} ${when(row.createdAt)}）`,
  )
  return [`**佐证**${more}`, ...lines].join('\n')
}

/** The 整改成效 of the item's latest 销号 or 销号申请, if any. */
function outcomeOf(history: HistoryRow[]): string | undefined {
  return (
    history.findLast((r) => r.action === 'close' || r.action === 'request_close')?.note ?? undefined
  )
}

/** One item in full, with every change; `notice` says what just happened. */
export function rectificationDetailCard(opts: {
  item: RectificationItem
  history: HistoryRow[]
  evidence: EvidenceRow[]
  nameOf: (openId: string) => string
  today: string
  notice?: string
}) {
  const { item, history } = opts
  const shown = history.slice(-MAX_HISTORY)
  const outcome = outcomeOf(history)
  const lines = [
    `**问题**：${esc(clip(item.problem, MAX_TEXT))}`,
    `**来源**：${esc(item.source)}　**责任单位**：${esc(item.unitName)}`,
    ...(item.notifyLiaisons ? [] : ['**通知联络员**：否（不向责任单位联络员发通知）']),
    `**牵头领导**：${esc(item.leadLeader)}`,
    `**整改时限**：${item.deadline}${lateText(item, opts.today)}`,
    `**状态**：${STATUS_NAMES[item.status]}`,
    ...(item.measures ? [`**整改措施**：${esc(clip(item.measures, MAX_TEXT))}`] : []),
    ...(outcome ? [`**整改成效**：${esc(clip(outcome, MAX_TEXT))}`] : []),
    evidenceMarkdown(opts.evidence, opts.nameOf),
  ]
  return card({
    title: `整改事项 ${item.code}`,
    colour: item.status === 'closed' ? 'green' : overdueDays(item, opts.today) > 0 ? 'red' : 'blue',
    elements: [
      ...(opts.notice ? [md(`**${esc(opts.notice)}**`)] : []),
      md(lines.join('\n')),
      hr(),
      md(`**变更记录**${history.length > shown.length ? `（最近 ${MAX_HISTORY} 条）` : ''}`),
      md(shown.map((row) => historyLine(row, opts.nameOf)).join('\n')),
    ],
  })
}
