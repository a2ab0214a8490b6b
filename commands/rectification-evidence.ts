import { UsageError } from '../src/errors'
import { findMessage } from '../db/queries/inbound-messages'
import { evidenceWrites, freshEvidence } from '../db/queries/rectification-evidence'
import { findRectification, type RectificationItem } from '../db/queries/rectifications'
import { parseCode } from '../src/domain/rectification'
import type { Context } from '../src/handlers'
import { detailCard } from './rectification-list'
import { requireItem, requireRight } from './rectification-ops'
import { evidenceHint } from '../templates/rectification-notices'

const how = (ctx: Context, code = '<编号>') => evidenceHint(code, ctx.config.lark.botName)

/**
 * The item a reply is about: the one the replied-to card names. The bot's reply to a command
 * is stored with the command, so a reply to it (or within its thread) finds it there.
 */
async function repliedItem(ctx: Context): Promise<RectificationItem> {
  const codes = new Set<string>()
  for (const id of ctx.repliesTo) {
    const row = await findMessage(ctx.db, id)
    for (const m of `${row?.text ?? ''} ${row?.reply ?? ''}`.matchAll(/ZG-\d{4}-\d{3,4}/g))
      codes.add(m[0])
  }
  if (codes.size !== 1)
    throw new UsageError(
      codes.size === 0 ? '没认出这是哪个整改事项的佐证。' : '回复的卡片上有多个整改事项。',
      how(ctx),
    )
  const [code] = codes
  const key = parseCode(code!, 0)
  const item = key && (await findRectification(ctx.db, key))
  if (!item) throw new UsageError(`没有编号为「${code}」的整改事项。`, how(ctx))
  return item
}

/**
 * `/整改 佐证 <编号> [说明]` with images or files in the same message, or an image or file sent
 * in reply to an item's card: attached to the item with who and when, as Lark keys.
 */
export async function evidenceCommand(ctx: Context, [typed, ...rest]: string[]) {
  const item = typed ? await requireItem(ctx.db, typed, ctx.now) : await repliedItem(ctx)
  requireRight(ctx.actor, 'rectification.progress', item, '提交佐证')
  const text = rest.join(' ').trim()
  const by = { rectificationId: item.id, actorOpenId: ctx.actor.openId, messageId: ctx.messageId }
  const rows = [
    ...ctx.attachments.map((a) => ({ ...by, ...a })),
    ...(text ? [{ ...by, kind: 'text' as const, key: text, name: null }] : []),
  ]
  if (rows.length === 0)
    throw new UsageError(`请附上 ${item.code} 的佐证：图片、文件或说明文字。`, how(ctx, item.code))
  const evidence = await freshEvidence(ctx.db, rows, ctx.now)
  ctx.stage(...evidenceWrites(evidence))
  const added = evidence.length
  const notice = added > 0 ? `已为 ${item.code} 添加 ${added} 件佐证` : '这些佐证已经添加过了'
  return detailCard(ctx.db, { item, evidence }, ctx.now, notice)
}
