import { UsageError } from '../src/errors'
import {
  findRectification,
  historyOf,
  recordChange,
  type RectificationItem,
} from '../db/queries/rectifications'
import type { Db } from '../db/client'
import { addEvidence } from '../db/queries/rectification-evidence'
import { parseChineseDate } from '../src/domain/dates'
import { parseCode, STATUS_NAMES } from '../src/domain/rectification'
import { can, PERMISSIONS, type Action, type Actor, type Role } from '../src/domain/permissions'
import { shanghaiDate } from '../src/domain/week'

/** Who acts, when, and the key (message_id) that makes a redelivery write nothing. */
export type Act = { db: Db; actor: Actor; now: Date; dedupeKey?: string }

export async function requireItem(db: Db, typed: string | undefined, now: Date) {
  const hint = '编号见 /整改 列表，例：ZG-2026-007'
  if (!typed) throw new UsageError('请写上整改事项的编号。', hint)
  const key = parseCode(typed, Number(shanghaiDate(now).slice(0, 4)))
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

export async function progressItem(act: Act, item: RectificationItem, note: string) {
  requireRight(act.actor, 'rectification.progress', item, '登记进展')
  requireNotClosed(item, '再登记进展')
  if (!note) throw new UsageError('请写上进展说明。', `例：/整改 进展 ${item.code} 已完成制度修订`)
  await recordChange(act.db, item, change(act, 'progress', { note }), {}, act.now)
}

/** Returns false when the item already has that deadline (a repeated click). */
export async function extendItem(act: Act, item: RectificationItem, date: string, reason: string) {
  requireRight(act.actor, 'rectification.manage', item, '延期')
  requireNotClosed(item, '延期')
  if (date === item.deadline) return false
  if (date < item.deadline)
    throw new UsageError(`新时限 ${date} 早于原时限 ${item.deadline}，延期要往后延。`)
  if (!reason)
    throw new UsageError('请写上延期理由。', `例：/整改 延期 ${item.code} ${date} 需等上级批复`)
  const fields = { field: 'deadline', oldValue: item.deadline, newValue: date, note: reason }
  await recordChange(act.db, item, change(act, 'extend', fields), { deadline: date }, act.now)
  return true
}

export type CloseOutcome =
  | { kind: 'closed' | 'already-closed' | 'already-requested' }
  | { kind: 'requested'; requestId: number }

/**
 * An admin strikes the item off at once; its unit's liaison asks the office to. Either way
 * the 整改成效 is required, and evidence typed with it is attached to the item.
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
  const changeId = await setStatus(act, item, action, to, done.outcome)
  if (!changeId) return { kind: admin ? 'already-closed' : 'already-requested' }
  if (done.evidence) {
    const by = { rectificationId: item.id, actorOpenId: act.actor.openId, messageId: null }
    await addEvidence(act.db, [{ ...by, kind: 'text', key: done.evidence, name: null }], act.now)
  }
  return admin ? { kind: 'closed' } : { kind: 'requested', requestId: changeId }
}

/**
 * Answers one request: the decision's history row, or null when it was answered already or
 * superseded.
 */
export async function decideItem(
  act: Act,
  item: RectificationItem,
  requestId: number,
  approve: boolean,
  note: string,
) {
  requireRight(act.actor, 'rectification.manage', item, approve ? '审核销号' : '退回')
  if (item.status !== 'pending' || (await lastRequestId(act.db, item)) !== requestId) return null
  const [action, to] = approve ? (['approve', 'closed'] as const) : (['reject', 'open'] as const)
  return setStatus(act, item, action, to, note)
}

export async function reopenItem(act: Act, item: RectificationItem, reason: string) {
  requireRight(act.actor, 'rectification.manage', item, '重开')
  if (item.status !== 'closed')
    throw new UsageError(`${item.code} 现在是「${STATUS_NAMES[item.status]}」，不用重开。`)
  if (!reason)
    throw new UsageError('请写上重开理由。', `例：/整改 重开 ${item.code} 回头看发现反弹`)
  await setStatus(act, item, 'reopen', 'open', reason)
}

async function lastRequestId(db: Db, item: RectificationItem) {
  const rows = await historyOf(db, item.id)
  return rows.findLast((r) => r.action === 'request_close')?.id
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
  return recordChange(act.db, item, change(act, action, fields), { status: to, closedAt }, act.now)
}

function change(act: Act, action: string, fields: Record<string, string | undefined>) {
  return { actor: act.actor.openId, action, dedupeKey: act.dedupeKey, ...fields }
}
