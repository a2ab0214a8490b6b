import { UsageError } from '../src/errors'
import { historyOf } from '../db/queries/rectifications'
import { can } from '../src/domain/permissions'
import { sendReviewRequest } from '../src/jobs/rectification-review'
import { defineCommand, type CommandContext } from './define'
import { addCommand } from './rectification-add'
import { detailCard, listCommand } from './rectification-list'
import {
  closeItem,
  decideItem,
  extendItem,
  progressItem,
  reopenItem,
  requireDate,
  requireItem,
  requireRight,
  type Act,
} from './rectification-ops'

type Sub = (
  ctx: CommandContext,
  code: string | undefined,
  rest: string[],
) => Promise<string | undefined>

const act = (ctx: CommandContext): Act => ({
  db: ctx.db,
  actor: ctx.actor,
  now: ctx.now,
  dedupeKey: ctx.messageId,
})

/** Each subcommand changes one item and answers with it in full, history included. */
async function withItem(ctx: CommandContext, code: string | undefined, work: Sub, rest: string[]) {
  const item = await requireItem(ctx.db, code, ctx.now)
  const notice = await work(ctx, code, rest)
  return detailCard(ctx.db, await requireItem(ctx.db, item.code, ctx.now), ctx.now, notice)
}

const SUBCOMMANDS: Record<string, Sub> = {
  async 详情() {
    return undefined
  },
  async 进展(ctx, code, rest) {
    const item = await requireItem(ctx.db, code, ctx.now)
    await progressItem(act(ctx), item, rest.join(' '))
    return `已记录 ${item.code} 的进展`
  },
  async 延期(ctx, code, [date, ...reason]) {
    const item = await requireItem(ctx.db, code, ctx.now)
    const example = `例：/整改 延期 ${item.code} 2026-12-31 需等上级批复`
    const next = requireDate(date, ctx.now, example)
    const done = await extendItem(act(ctx), item, next, reason.join(' '))
    return done ? `${item.code} 已延期至 ${next}` : `${item.code} 的时限已经是 ${next}`
  },
  async 销号(ctx, code, rest) {
    const item = await requireItem(ctx.db, code, ctx.now)
    const outcome = await closeItem(act(ctx), item, rest.join(' '))
    if (outcome.kind === 'requested')
      ctx.afterCommit((deps) => sendReviewRequest(deps, item.id, outcome.requestId))
    return {
      closed: `${item.code} 已销号`,
      requested: `已提交 ${item.code} 的销号申请，等待主题教育办审核`,
      'already-closed': `${item.code} 已经销号了`,
      'already-requested': `${item.code} 已经提交过销号申请，等待审核`,
    }[outcome.kind]
  },
  async 重开(ctx, code, rest) {
    const item = await requireItem(ctx.db, code, ctx.now)
    await reopenItem(act(ctx), item, rest.join(' '))
    return `${item.code} 已重开，回到整改中`
  },
  同意: (ctx, code, rest) => decide(ctx, code, true, rest.join(' ') || '同意销号'),
  退回: (ctx, code, rest) => decide(ctx, code, false, rest.join(' ')),
}

async function decide(
  ctx: CommandContext,
  code: string | undefined,
  approve: boolean,
  note: string,
) {
  const item = await requireItem(ctx.db, code, ctx.now)
  requireRight(ctx.actor, 'rectification.manage', item, approve ? '审核销号' : '退回')
  if (!approve && !note)
    throw new UsageError('请写上退回理由。', `例：/整改 退回 ${item.code} 佐证材料不全`)
  const request = (await historyOf(ctx.db, item.id)).findLast((r) => r.action === 'request_close')
  const done = request && (await decideItem(act(ctx), item, request.id, approve, note))
  if (!done) throw new UsageError(`${item.code} 没有待审核的销号申请。`)
  return `${item.code} ${approve ? '已同意销号' : '已退回'}`
}

export default defineCommand({
  name: '整改',
  aliases: ['台账', '整改台账'],
  summary: '整改台账：挂账、进展、延期、销号，逾期的排在前面',
  usage: '/整改 [逾期|已销号|全部|<单位>] · /整改 新增|详情|进展|延期|销号|重开 …',
  action: 'rectification.read',
  async run(ctx, args) {
    const [sub, code, ...rest] = args
    if (sub === '新增') {
      if (!can(ctx.actor, 'rectification.create'))
        throw new UsageError('只有主题教育办可以新增整改事项，这次没有记录。')
      return addCommand(ctx, args.slice(1).join(' '))
    }
    const work = sub ? SUBCOMMANDS[sub] : undefined
    if (!work) return listCommand(ctx, args)
    return withItem(ctx, code, work, rest)
  },
})
