import {
  historyOf,
  inView,
  listRectifications,
  type RectificationItem,
  type RectificationView,
} from '../db/queries/rectifications'
import { unitById } from '../db/queries/units'
import type { Db } from '../db/client'
import { parseCode } from '../src/domain/rectification'
import { can, type Actor } from '../src/domain/permissions'
import { shanghaiDate } from '../src/domain/week'
import {
  RECTIFICATION_PAGE_SIZE,
  rectificationDetailCard,
  rectificationListCard,
  pageValue,
  type ListPlace,
} from '../templates/rectification-cards'
import { personNames } from '../db/queries/people'
import { evidenceOf } from '../db/queries/rectification-evidence'
import { defineAction } from '../src/handlers'
import type { Context } from '../src/handlers'
import { requireItem, type Staged } from './rectification-ops'
import { requireUnit } from './support'

// A Map, not an object literal: `/整改 toString` is a unit name to look up, not a view.
const VIEW_WORDS = new Map<string, RectificationView>([
  ['未销号', 'outstanding'],
  ['在办', 'outstanding'],
  ['逾期', 'overdue'],
  ['超期', 'overdue'],
  ['已销号', 'closed'],
  ['全部', 'all'],
])

/**
 * A page of the ledger. A card sent privately (`place.pr`) shows only the buttons its reader
 * may use; one in a group shows them all, and a refused click says why. `change`: an item of
 * the list as a change staged with this card leaves it (`from`, as stored, `to`): shown so, or
 * taken off the page and the count once it no longer belongs in the view.
 */
export async function listCard(
  db: Db,
  place: ListPlace,
  now: Date,
  reader: Actor,
  change?: Change,
): Promise<ReturnType<typeof rectificationListCard>> {
  const today = shanghaiDate(now)
  const nameOf = await personNames(db)
  const name = place.ld && nameOf(place.ld)
  const leader = place.ld
    ? { openId: place.ld, name: name !== place.ld ? name : undefined }
    : undefined
  const filter = { view: place.v, unitId: place.u, leader }
  const offset = place.p * RECTIFICATION_PAGE_SIZE
  // One more than a page: it moves up when the changed item leaves.
  const read = await listRectifications(db, filter, today, {
    offset,
    limit: RECTIFICATION_PAGE_SIZE + 1,
  })
  const { items, total } = change ? withChange(read, change, place.v, today) : read
  // A page emptied by actions meanwhile falls back to the last page that has items.
  if (items.length === 0 && place.p > 0 && total > 0) {
    return listCard(
      db,
      { ...place, p: Math.ceil(total / RECTIFICATION_PAGE_SIZE) - 1 },
      now,
      reader,
      change,
    )
  }
  const unit = place.u ? await unitById(db, place.u) : undefined
  const leaderName = leader && (leader.name ?? '我')
  const may = place.pr ? rightsOf(reader) : undefined
  const page = items.slice(0, RECTIFICATION_PAGE_SIZE)
  return rectificationListCard({
    place,
    unitName: unit?.name,
    leaderName,
    may,
    items: page,
    total,
    today,
  })
}

type Change = { from: RectificationItem; to: RectificationItem }

/** A page (and its count) as it reads once the staged change of an item of the list commits. */
function withChange(
  read: { items: RectificationItem[]; total: number },
  { from, to }: Change,
  view: RectificationView,
  today: string,
) {
  if (inView(view, to, today))
    return { ...read, items: read.items.map((item) => (item.id === to.id ? to : item)) }
  const left = inView(view, from, today) ? 1 : 0
  return { items: read.items.filter((item) => item.id !== to.id), total: read.total - left }
}

/** The buttons a reader may use on an item. */
function rightsOf(actor: Actor) {
  const office = can(actor, 'rectification.manage')
  return (item: RectificationItem) => ({
    close:
      office ||
      (item.status === 'open' &&
        can(actor, 'rectification.request_close', { unitId: item.unitId })),
    extend: office,
  })
}

/** One item in full, as it will read once what was staged with the card commits. */
export async function detailCard(db: Db, staged: Staged, now: Date, notice?: string) {
  const { item } = staged
  // A new item's id is not known before the commit (0): nothing of it is stored yet.
  const stored = item.id > 0
  const history = [...(stored ? await historyOf(db, item.id) : []), ...(staged.history ?? [])]
  const evidence = [...(stored ? await evidenceOf(db, item.id) : []), ...(staged.evidence ?? [])]
  const nameOf = await personNames(db)
  const today = shanghaiDate(now)
  return rectificationDetailCard({ item, history, evidence, nameOf, today, notice })
}

const privately = (ctx: Context) => (ctx.chat.type === 'p2p' ? { pr: 1 as const } : {})

/** `/整改 [逾期|已销号|全部] [单位]`, in either order. */
export async function listCommand(ctx: Context, args: string[]) {
  const view = args.map((a) => VIEW_WORDS.get(a)).find(Boolean) ?? 'outstanding'
  const rest = args.filter((a) => !VIEW_WORDS.has(a)).join(' ')
  // `/整改 7`, `/整改 ZG-2026-007`: one item, in full (no unit is named by a number).
  if (args.length === 1 && parseCode(rest, 0)) {
    const item = await requireItem(ctx.db, rest, ctx.now)
    return detailCard(ctx.db, { item }, ctx.now)
  }
  const unit = rest ? await requireUnit(ctx.db, rest) : undefined
  const place = { v: view, u: unit?.id, p: 0, ...privately(ctx) }
  return listCard(ctx.db, place, ctx.now, ctx.actor)
}

/** `/整改 我的`: a liaison's unit's items; anyone else's, the items they lead. */
export async function mineCommand(ctx: Context) {
  const { actor } = ctx
  const place: ListPlace =
    actor.role === 'liaison' && actor.unitId !== null
      ? { v: 'all', u: actor.unitId, p: 0, ...privately(ctx) }
      : { v: 'all', ld: actor.openId, p: 0, ...privately(ctx) }
  return listCard(ctx.db, place, ctx.now, actor)
}

export const pageAction = defineAction({
  name: 'ledger-page',
  schema: pageValue,
  action: 'rectification.read',
  async run(ctx, { a: _, ...place }) {
    const data = await listCard(ctx.db, place, ctx.now, ctx.actor)
    return { toast: { type: 'info', content: '已翻页' }, card: { type: 'raw', data } }
  },
})
