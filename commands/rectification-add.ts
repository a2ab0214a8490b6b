import { UsageError } from '../src/errors'
import {
  filedBy,
  filingWrites,
  historyEntry,
  type NewRectification,
  type RectificationItem,
} from '../db/queries/rectifications'
import { ledgerSequence } from '../db/queries/sequences'
import { listUnits, matchUnit, unitById } from '../db/queries/units'
import type { Db } from '../db/client'
import type { Unit } from '../db/schema'
import {
  DEFAULT_SOURCE,
  formatCode,
  notifiesByDefault,
  parseNotify,
  parseSource,
  shanghaiYear,
  SOURCES,
} from '../src/domain/rectification'
import { squeezeSpaces, toHalfWidth } from '../src/domain/normalize'
import { closeNames } from '../src/domain/unit-names'
import {
  addFormFields,
  addSubmitValue,
  NOTIFY_BY_SOURCE,
  rectificationAddFormCard,
} from '../templates/rectification-forms'
import { defineAction } from '../src/handlers'
import type { Context } from '../src/handlers'
import { detailCard } from './rectification-list'
import { requireDate } from './rectification-ops'
import { requireUnit } from './support'
import { sendNewItemNotice } from '../src/jobs/rectification-notices'
import { showOnlyTo } from '../src/delivery/reply'
import { card, md } from '../templates/card'

const EXAMPLE = `例：/整改 新增 办事流程繁琐 责任单位:区财政局 时限:12月31日 牵头领导:王局长`

type Raw = {
  problem?: string
  unit?: string
  deadline?: string
  leader?: string
  source?: string
  measures?: string
  notify?: string
}

const KEYS: Record<string, keyof Raw> = {
  问题: 'problem',
  责任单位: 'unit',
  责任部门: 'unit',
  单位: 'unit',
  整改时限: 'deadline',
  时限: 'deadline',
  期限: 'deadline',
  牵头领导: 'leader',
  领导: 'leader',
  问题来源: 'source',
  来源: 'source',
  整改措施: 'measures',
  措施: 'measures',
  通知联络员: 'notify',
  通知: 'notify',
}
// Longest first, so 责任单位: is not read as 责任 + 单位:. Matched on a half-width copy, so
// 时限：is 时限: too.
const KEY_PATTERN = new RegExp(
  `(${Object.keys(KEYS)
    .sort((a, b) => b.length - a.length)
    .join('|')})\\s*:`,
  'g',
)

/**
 * `<问题> 责任单位:… 时限:…`: each value runs to the next key, as typed (the half-width copy
 * has the same indices, so the problem and measures keep their ，and （）).
 */
export function parseAddText(text: string): Raw {
  const typed = squeezeSpaces(text)
  const matches = [...toHalfWidth(typed).matchAll(KEY_PATTERN)]
  const raw: Raw = { problem: typed.slice(0, matches[0]?.index ?? typed.length).trim() }
  matches.forEach((m, i) => {
    const end = matches[i + 1]?.index ?? typed.length
    raw[KEYS[m[1]!]!] = typed.slice(m.index + m[0].length, end).trim()
  })
  return raw
}

/** Every field checked before anything is written: a mistake records nothing. */
async function validate(
  raw: Raw,
  findUnit: (typed: string) => Promise<Unit>,
  ctx: { now: Date; mentions: { openId: string; name: string }[] },
): Promise<{ item: NewRectification; unit: Unit }> {
  if (!raw.problem) throw new UsageError('请写上要整改的问题。', EXAMPLE)
  if (!raw.unit) throw new UsageError('请写上责任单位。', EXAMPLE)
  if (!raw.deadline) throw new UsageError('请写上整改时限，没有时限的问题不能挂账。', EXAMPLE)
  if (!raw.leader) throw new UsageError('请写上牵头领导。', EXAMPLE)
  const source = raw.source ? parseSource(raw.source) : DEFAULT_SOURCE
  if (!source)
    throw new UsageError(`不认识来源「${raw.source}」。`, `来源可选：${SOURCES.join('、')}`)
  const notify = raw.notify ? parseNotify(raw.notify) : notifiesByDefault(source)
  if (notify === null)
    throw new UsageError(
      `看不懂「通知:${raw.notify}」。`,
      '通知:是 —— 私聊或在联络员群 @ 责任单位联络员；通知:否 —— 不通知。不写时巡视巡察、审计监督的问题不通知，其余通知。',
    )
  const unit = await findUnit(raw.unit)
  const deadline = requireDate(raw.deadline, ctx.now, EXAMPLE)
  const leaderName = raw.leader.replace(/^@/, '')
  const mentioned = ctx.mentions.find((m) => raw.leader === `@${m.name}`)
  const item = {
    problem: raw.problem,
    unitId: unit.id,
    deadline,
    leadLeader: leaderName,
    leadLeaderOpenId: mentioned?.openId ?? null,
    source,
    measures: raw.measures ?? '',
    notifyLiaisons: notify,
  }
  return { item, unit }
}

/**
 * Files the item under the next number of the year (Shanghai), which the commit takes, with its
 * creation row; once committed, its unit's liaisons hear of it. The same dedupe key (a message,
 * a form) files once: the item it filed then is shown instead.
 */
async function file(
  ctx: Context,
  { item, unit }: { item: NewRectification; unit: Unit },
  dedupeKey: string,
) {
  const seen = await filedBy(ctx.db, dedupeKey)
  if (seen) {
    const card = await detailCard(ctx.db, { item: seen }, ctx.now, `这张表单已挂账为 ${seen.code}`)
    return { card, fresh: false, code: seen.code }
  }
  const year = shanghaiYear(ctx.now)
  const seq = ctx.newId(ledgerSequence(year))
  const code = formatCode(year, seq)
  const actor = ctx.actor.openId
  const entry = historyEntry(0, { actor, action: 'create', newValue: code, dedupeKey }, ctx.now)
  ctx.stage(...filingWrites(item, year, entry))
  ctx.afterCommit(async (deps) => {
    const filed = await filedBy(deps.database.db, dedupeKey)
    if (filed) await sendNewItemNotice(deps, filed.id)
  })
  // Its id is the database's to give (0 until then); its code shows the number the commit takes.
  const filed: RectificationItem = {
    ...item,
    id: 0,
    code,
    year,
    seq,
    status: 'open',
    createdBy: actor,
    createdAt: ctx.now,
    closedAt: null,
    notifyLiaisons: item.notifyLiaisons ?? true,
    unitName: unit.name,
  }
  const card = await detailCard(
    ctx.db,
    { item: filed, history: [entry] },
    ctx.now,
    `已挂账 ${code}`,
  )
  return { card, fresh: true, code }
}

/**
 * `/整改 新增 …`, or the form card when nothing follows: in a group it opens for the sender
 * alone (仅对你可见, or else privately), as a form in the group's reply would be everyone's.
 */
export async function addCommand(ctx: Context, text: string) {
  if (!text) {
    const units = await listUnits(ctx.db, { activeOnly: true })
    if (units.length === 0) throw new UsageError('还没有参学单位，先发送 /单位 添加 <单位名称>。')
    const form = rectificationAddFormCard(units, ctx.messageId)
    if (ctx.chat.type === 'p2p') return form
    const { id: chatId } = ctx.chat
    const uuid = `add-${ctx.messageId}`.slice(0, 50)
    ctx.afterCommit((deps) => showOnlyTo(deps, chatId, ctx.sender.openId, form, uuid))
    return card({
      title: '新增整改事项',
      elements: [md('表单已单独发给你（仅你可见，或在与机器人的私聊里），填好后点「挂账」。')],
    })
  }
  const valid = await validate(parseAddText(text), (typed) => requireUnit(ctx.db, typed), ctx)
  return (await file(ctx, valid, ctx.messageId)).card
}

/** The unit picked from the form's dropdown, by its id. */
async function pickedUnit(db: Db, id: string): Promise<Unit> {
  const unit = /^\d+$/.test(id) ? await unitById(db, Number(id)) : undefined
  if (!unit) throw new UsageError('请从列表里选择责任单位。')
  return unit
}

// A form's error is a toast, which shows no hint: the message itself names what to write.
const MAX_NAMED = 5

/** The unit typed into the form (it has no dropdown past 100 units). */
async function typedUnit(db: Db, typed: string): Promise<Unit> {
  const match = await matchUnit(db, typed)
  if ('unit' in match) return match.unit
  const quoted = (names: string[]) => names.map((n) => `「${n}」`).join('、')
  if ('candidates' in match) {
    const { candidates } = match
    const more = candidates.length > MAX_NAMED ? ` 等 ${candidates.length} 个` : ''
    const names = quoted(candidates.slice(0, MAX_NAMED).map((u) => u.name))
    throw new UsageError(`「${typed}」对应多个单位：${names}${more}，请写全称。`)
  }
  const active = (await listUnits(db, { activeOnly: true })).map((u) => u.name)
  const near = closeNames(active, typed)
  throw new UsageError(
    near.length > 0
      ? `没有找到单位「${typed}」，你是不是要写${quoted(near)}？`
      : `没有找到单位「${typed}」，请核对后写单位全称或简称。`,
  )
}

export const addAction = defineAction({
  name: 'ledger-add',
  schema: addSubmitValue,
  action: 'rectification.create',
  async run(ctx, value) {
    const fields = addFormFields.safeParse(ctx.form)
    if (!fields.success) throw new UsageError('表单内容看不懂，请重新发送 /整改 新增')
    const { unit_name: typed, ...rest } = fields.data
    const notify = rest.notify === NOTIFY_BY_SOURCE ? undefined : rest.notify
    const raw = { ...rest, notify, unit: rest.unit ?? typed?.trim() }
    const findUnit = (unit: string) =>
      typed === undefined ? pickedUnit(ctx.db, unit) : typedUnit(ctx.db, unit)
    const valid = await validate(raw, findUnit, { now: ctx.now, mentions: [] })
    const filed = await file(ctx, valid, `form:${value.f}`)
    return {
      toast: filed.fresh
        ? { type: 'success', content: `已挂账 ${filed.code}` }
        : { type: 'info', content: `这张表单已挂账为 ${filed.code}` },
      card: { type: 'raw', data: filed.card },
    }
  },
})
