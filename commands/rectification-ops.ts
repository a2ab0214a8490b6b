import { UsageError } from '../src/errors'
import {
  changeWrites,
  findRectification,
  historyEntry,
  historyOf,
  type HistoryEntry,
  type Patch,
  type RectificationItem,
} from '../db/queries/rectifications'
import type { Db } from '../db/client'
import {
  evidenceWrites,
  freshEvidence,
  type EvidenceEntry,
} from '../db/queries/rectification-evidence'
import { parseChineseDate } from '../src/domain/dates'
import { parseCode, shanghaiYear, STATUS_NAMES } from '../src/domain/rectification'
import { can, PERMISSIONS, type Action, type Actor, type Role } from '../src/domain/permissions'
import { shanghaiDate } from '../src/domain/week'
import type { Context } from '../src/handlers'
import type { Deps } from '../src/deps'
import { sendDecisionNotice } from '../src/jobs/rectification-notices'
import { reviewCopies, sendReviewRequest } from '../src/jobs/rectification-review'
import { updateCopies } from '../src/delivery/update-cards'
import { rectificationReviewDecidedCard } from '../templates/rectification-review-decided'

/**
 * Who acts, when, and where the change goes: staged with the answer, notices after the commit.
 * `dedupeKey` (a message_id) is kept on the history row.
 */
export type Act = Pick<Context, 'db' | 'actor' | 'now' | 'stage' | 'afterCommit' | 'messageId'> & {
  dedupeKey?: string
}

/**
 * An item as it will read once what a handler staged commits: the item with its new values,
 * and the rows staged for it beside those stored.
 */
export type Staged = {
  item: RectificationItem
  history?: HistoryEntry[]
  evidence?: EvidenceEntry[]
}

export async function requireItem(db: Db, typed: string | undefined, now: Date) {
  const hint = '编号见 /整改 列表，例：ZG-2026-007'
  if (!typed) throw new UsageError('请写上整改事项的编号。', hint)
  const key = parseCode(typed, shanghaiYear(now))
  const item = key ? await findRectification(db, key) : undefined
  if (!item) throw new UsageError(`没有编号为「${typed}」的整改事项。`, hint)
  return item
}

export function requireDate(typed: string | undefined, now: Date, example: string) {
  if (!typed) throw new UsageError('请写上整改时限。', example)
  const parsed = parseChineseDate(typed, shanghaiDate(now))
  if (!parsed.ok)
    throw new UsageError(parsed.error, `日期写成 2026-12-31、12月31日 或 12-31。${example}`)
  return parsed.date
}

const WHO_MAY: Partial<Record<Role, string>> = {
  admin: '主题教育办',
  liaison: '责任单位的联络员',
  leader: '领导',
}

/**
 * The role table decides; a liaison may only touch their own unit's items. A refusal names
 * the real reason and who to turn to: on a card it is a toast, which shows no hint.
 */
export function requireRight(actor: Actor, action: Action, item: RectificationItem, what: string) {
  if (can(actor, action, { unitId: item.unitId })) return
  if (can(actor, action))
    throw new UsageError(
      `${item.code} 是${item.unitName}的整改事项，不是你们单位的，这次没有记录；请由${item.unitName}的联络员${what}，或联系办公室。`,
    )
  const who = PERMISSIONS[action].flatMap((role) => WHO_MAY[role] ?? []).join('或')
  throw new UsageError(`只有${who}可以${what}，这次没有记录；请联系办公室。`)
}

export function requireNotClosed(item: RectificationItem, what: string) {
  if (item.status === 'closed')
    throw new UsageError(
      `${item.code} 已销号，不能${what}。`,
      `如需继续整改，请管理员发送 /整改 重开 ${item.code} <理由>`,
    )
}

export function progressItem(act: Act, item: RectificationItem, note: string): Staged {
  requireRight(act.actor, 'rectification.progress', item, '登记进展')
  requireNotClosed(item, '再登记进展')
  if (!note) throw new UsageError('请写上进展说明。', `例：/整改 进展 ${item.code} 已完成制度修订`)
  return stageChange(act, item, 'progress', { note }, {})
}

/** Returns null when the item already has that deadline (a repeated click). */
export function extendItem(
  act: Act,
  item: RectificationItem,
  date: string,
  reason: string,
): Staged | null {
  requireRight(act.actor, 'rectification.manage', item, '延期')
  requireNotClosed(item, '延期')
  if (date === item.deadline) return null
  if (date < item.deadline)
    throw new UsageError(`新时限 ${date} 早于原时限 ${item.deadline}，延期要往后延。`)
  if (!reason)
    throw new UsageError('请写上延期理由。', `例：/整改 延期 ${item.code} ${date} 需等上级批复`)
  const fields = { field: 'deadline', oldValue: item.deadline, newValue: date, note: reason }
  return stageChange(act, item, 'extend', fields, { deadline: date })
}

export type CloseOutcome =
  | { kind: 'already-closed' | 'already-requested'; staged?: undefined }
  | { kind: 'closed' | 'requested'; staged: Staged }

/**
 * An admin strikes the item off at once; its unit's liaison asks the office to, who get the
 * request's card once it is committed. Either way the 整改成效 is required, and evidence typed
 * with it is attached to the item.
 */
export async function closeItem(
  act: Act,
  item: RectificationItem,
  done: { outcome: string; evidence?: string },
): Promise<CloseOutcome> {
  const admin = can(act.actor, 'rectification.manage')
  if (!admin) requireRight(act.actor, 'rectification.request_close', item, '申请销号')
  if (item.status === 'closed') return { kind: 'already-closed' }
  if (!admin && item.status === 'pending') return { kind: 'already-requested' }
  if (!done.outcome)
    throw new UsageError(
      '销号要写上整改成效。',
      `例：/整改 销号 ${item.code} 已修订窗口制度，排队时间由40分钟缩短到10分钟`,
    )
  const [action, to] = admin
    ? (['close', 'closed'] as const)
    : (['request_close', 'pending'] as const)
  const evidence = done.evidence
    ? await freshEvidence(
        act.db,
        [
          {
            rectificationId: item.id,
            actorOpenId: act.actor.openId,
            messageId: null,
            kind: 'text',
            key: done.evidence,
            name: null,
          },
        ],
        act.now,
      )
    : []
  const staged = setStatus(act, item, action, to, done.outcome)
  act.stage(...evidenceWrites(evidence))
  if (!admin) afterChange(act, item, 'request_close', sendReviewRequest)
  return { kind: admin ? 'closed' : 'requested', staged: { ...staged, evidence } }
}

/**
 * Answers one request, and once committed tells the unit's liaisons and turns every admin's
 * review card into the decision (but the one clicked, which the click's answer replaces); null
 * when it was answered already or superseded.
 */
export async function decideItem(
  act: Act,
  item: RectificationItem,
  requestId: number,
  approve: boolean,
  note: string,
): Promise<Staged | null> {
  requireRight(act.actor, 'rectification.manage', item, approve ? '审核销号' : '退回')
  if (item.status !== 'pending' || (await lastRequestId(act.db, item)) !== requestId) return null
  const [action, to] = approve ? (['approve', 'closed'] as const) : (['reject', 'open'] as const)
  afterChange(act, item, action, sendDecisionNotice)
  const staged = setStatus(act, item, action, to, note)
  const decided = rectificationReviewDecidedCard({
    item: staged.item,
    approved: approve,
    by: act.actor.openId,
    at: act.now,
    note,
    today: shanghaiDate(act.now),
  })
  const copies = reviewCopies(item.code, requestId)
  const verdict = approve ? 'ok' : 'no'
  act.afterCommit((deps) => updateCopies(deps, copies, verdict, decided, act.messageId))
  return staged
}

export function reopenItem(act: Act, item: RectificationItem, reason: string): Staged {
  requireRight(act.actor, 'rectification.manage', item, '重开')
  if (item.status !== 'closed')
    throw new UsageError(`${item.code} 现在是「${STATUS_NAMES[item.status]}」，不用重开。`)
  if (!reason)
    throw new UsageError('请写上重开理由。', `例：/整改 重开 ${item.code} 回头看发现反弹`)
  return setStatus(act, item, 'reopen', 'open', reason)
}

/** The id of the item's latest change of a kind. */
async function latestChangeId(db: Db, itemId: number, action: string) {
  return (await historyOf(db, itemId)).findLast((r) => r.action === action)?.id
}

export const lastRequestId = (db: Db, item: RectificationItem) =>
  latestChangeId(db, item.id, 'request_close')

/**
 * Once the change is committed, tells whoever it concerns about it, by its history row: the
 * item's latest of its kind, read then (a later one of the same kind is told about anyway).
 */
function afterChange(
  act: Act,
  item: RectificationItem,
  action: string,
  tell: (deps: Deps, itemId: number, changeId: number) => Promise<unknown>,
) {
  act.afterCommit(async (deps) => {
    const id = await latestChangeId(deps.database.db, item.id, action)
    if (id !== undefined) await tell(deps, item.id, id)
  })
}

function setStatus(
  act: Act,
  item: RectificationItem,
  action: string,
  to: RectificationItem['status'],
  note: string,
) {
  const fields = { field: 'status', oldValue: item.status, newValue: to, note: note || undefined }
  const closedAt = to === 'closed' ? act.now : null
  return stageChange(act, item, action, fields, { status: to, closedAt })
}

/** Stages one change of the item: its history row and its new values. */
function stageChange(
  act: Act,
  item: RectificationItem,
  action: string,
  fields: Record<string, string | undefined>,
  patch: Patch,
): Staged {
  const change = { actor: act.actor.openId, action, dedupeKey: act.dedupeKey, ...fields }
  const entry = historyEntry(item.id, change, act.now)
  act.stage(...changeWrites(entry, patch))
  return { item: { ...item, ...patch }, history: [entry] }
}
