import { UsageError } from '../src/errors'
import { ledgerTally, type RectificationItem } from '../db/queries/rectifications'
import { shanghaiDate } from '../src/domain/week'
import { rectificationStatsCard } from '../templates/rectification-stats'
import { defineCommand, type Context } from '../src/handlers'
import { addCommand } from './rectification-add'
import { evidenceCommand } from './rectification-evidence'
import { detailCard, listCommand, mineCommand } from './rectification-list'
import {
  closeItem,
  decideItem,
  extendItem,
  lastRequestId,
  progressItem,
  reopenItem,
  requireDate,
  requireItem,
  requireRight,
  type Act,
  type Staged,
} from './rectification-ops'
import { routeSubcommands, usagesOf, type Subcommand } from './subcommands'

/** What a subcommand staged for the item (nothing: the item as it is), and what to say. */
type ItemWork = (
  ctx: Context,
  item: RectificationItem,
  rest: string[],
) => Promise<{ staged?: Staged | null; notice?: string }>

const act = (ctx: Context): Act => ({ ...ctx, dedupeKey: ctx.messageId })

/**
 * `/整改 <word> <编号> …`: changes one item and answers with it in full, history included, as
 * it reads once the change commits. An unlisted one is left out of the usage line.
 */
const onItem = (word: string, work: ItemWork, listed = true): Subcommand => ({
  words: [word],
  usage: listed ? word : undefined,
  async run(ctx, [code, ...rest]) {
    const item = await requireItem(ctx.db, code, ctx.now)
    const { staged, notice } = await work(ctx, item, rest)
    return detailCard(ctx.db, staged ?? { item }, ctx.now, notice)
  },
})

const SUBCOMMANDS: Subcommand[] = [
  {
    words: ['新增'],
    usage: '新增',
    needs: {
      action: 'rectification.create',
      refusal: '只有主题教育办可以新增整改事项，这次没有记录。',
    },
    run: (ctx, rest) => addCommand(ctx, rest.join(' ')),
  },
  { words: ['我的'], usage: '我的', run: (ctx) => mineCommand(ctx) },
  { words: ['佐证'], usage: '佐证', run: evidenceCommand },
  {
    words: ['统计'],
    usage: '统计',
    async run(ctx) {
      const today = shanghaiDate(ctx.now)
      return rectificationStatsCard(await ledgerTally(ctx.db, today), today)
    },
  },
  onItem('详情', async () => ({})),
  onItem('进展', async (ctx, item, rest) => ({
    staged: progressItem(act(ctx), item, rest.join(' ')),
    notice: `已记录 ${item.code} 的进展`,
  })),
  onItem('延期', async (ctx, item, [date, ...reason]) => {
    const example = `例：/整改 延期 ${item.code} 2026-12-31 需等上级批复`
    const next = requireDate(date, ctx.now, example)
    const staged = extendItem(act(ctx), item, next, reason.join(' '))
    const notice = staged ? `${item.code} 已延期至 ${next}` : `${item.code} 的时限已经是 ${next}`
    return { staged, notice }
  }),
  onItem('销号', async (ctx, item, rest) => {
    const { kind, staged } = await closeItem(act(ctx), item, { outcome: rest.join(' ') })
    const notice = {
      closed: `${item.code} 已销号`,
      requested: `已提交 ${item.code} 的销号申请，等待主题教育办审核`,
      'already-closed': `${item.code} 已经销号了`,
      'already-requested': `${item.code} 已经提交过销号申请，等待审核`,
    }[kind]
    return { staged, notice }
  }),
  onItem('重开', async (ctx, item, rest) => ({
    staged: reopenItem(act(ctx), item, rest.join(' ')),
    notice: `${item.code} 已重开，回到整改中`,
  })),
  // Typed answers to a 销号 request: the review card's buttons are how the office is asked, so
  // the usage line leaves them out.
  onItem('同意', (ctx, item, rest) => decide(ctx, item, true, rest.join(' ') || '同意销号'), false),
  onItem('退回', (ctx, item, rest) => decide(ctx, item, false, rest.join(' ')), false),
]

async function decide(ctx: Context, item: RectificationItem, approve: boolean, note: string) {
  requireRight(ctx.actor, 'rectification.manage', item, approve ? '审核销号' : '退回')
  if (!approve && !note)
    throw new UsageError('请写上退回理由。', `例：/整改 退回 ${item.code} 佐证材料不全`)
  const request = await lastRequestId(ctx.db, item)
  const staged = request && (await decideItem(act(ctx), item, request, approve, note))
  if (!staged) throw new UsageError(`${item.code} 没有待审核的销号申请。`)
  return { staged, notice: `${item.code} ${approve ? '已同意销号' : '已退回'}` }
}

export default defineCommand({
  name: '整改',
  aliases: ['台账', '整改台账'],
  summary: '整改台账：挂账、进展、延期、销号，逾期的排在前面',
  usage: `/整改 [逾期|已销号|全部|<单位>] · /整改 ${usagesOf(SUBCOMMANDS).join('|')} …`,
  action: 'rectification.read',
  // Words that name no subcommand choose what to list: a view, a unit, or nothing.
  run: routeSubcommands(SUBCOMMANDS, { otherwise: listCommand }),
})
