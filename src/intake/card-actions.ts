import type { ResultSet } from '@libsql/client'
import { UsageError } from '../errors'
import { storedAnswer } from '../../db/queries/card-actions'
import { loadActor } from '../../db/queries/people'
import { storeAnswer } from '../../db/queries/processing'
import type { Deps } from '../deps'
import type { CardActionRegistry, CardResponse } from '../handlers'
import type { CardActionEvent } from '../lark/events'
import { can } from '../domain/permissions'
import { handlerContext, numberWrites, standInOf, type Effects } from './run'
import type { Defer } from './messages'

const toast = (type: CardResponse['toast']['type'], content: string): CardResponse => ({
  toast: { type, content },
})

/**
 * Card clicks are answered synchronously (within Lark's 3 s). The action reads, then says what
 * it writes; its writes and its answer commit together behind the click's event_id, so a click
 * delivered twice gets the stored answer back and writes nothing. Two different clicks on the
 * same button are the action's own to make idempotent.
 */
export async function handleCardAction(
  deps: Deps,
  actions: CardActionRegistry,
  event: CardActionEvent,
  eventId: string,
  defer: Defer,
): Promise<CardResponse> {
  const done = await storedAnswer(deps.database.db, eventId)
  if (done) return JSON.parse(done) as CardResponse
  const name = event.action.value['a']
  const action = typeof name === 'string' ? actions.get(name) : undefined
  if (!action) return toast('warning', '这个按钮已失效，请重新发送命令')
  const value = action.schema.safeParse(event.action.value)
  if (!value.success) return toast('warning', '这个按钮已失效，请重新发送命令')

  const { db } = deps.database
  const operator = event.operator.open_id
  const actor = await loadActor(db, operator, deps.config.adminOpenIds)
  const { ctx, effects } = handlerContext({
    db,
    config: deps.config,
    actor,
    sender: { openId: operator, name: '' },
    // A click's answer replaces a card the whole chat sees (JSON 2.0 cards are shared).
    chat: { id: event.context.open_chat_id ?? '', type: 'group' },
    messageId: event.context.open_message_id ?? '',
    mentions: [],
    attachments: [],
    repliesTo: [],
    form: event.action.form_value ?? {},
    now: deps.clock(),
  })
  let response: CardResponse
  try {
    response = can(actor, action.action)
      ? await action.run(ctx, value.data)
      : toast('error', '你没有权限执行这个操作；发送 /帮助 查看你可以用的命令')
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    return toast('warning', err.message)
  }
  const committed = await commitClick(deps, eventId, response, effects)
  if (committed.first) for (const work of effects.later) defer(work(deps))
  return committed.answer
}

const RACED = '刚才有人同时做了同样的操作，这次没有记录；请重新打开查看'

/** A unique (or other) constraint failed: libSQL's error, or drizzle's around it. */
function brokeConstraint(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause)
    if (String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) return true
  return false
}

/**
 * Stores the answer, then the action's writes, in one batch: a second attempt at the same
 * click fails at the answer's key and gets the first attempt's answer instead; a click that
 * lost a race with another one is told so, with nothing written.
 */
async function commitClick(
  deps: Deps,
  eventId: string,
  response: CardResponse,
  effects: Effects,
): Promise<{ answer: CardResponse; first: boolean }> {
  const answer = storeAnswer({
    eventId,
    answer: JSON.stringify(response),
    ...standInOf(effects),
    at: deps.clock(),
  })
  try {
    const results = await deps.database.batch([...numberWrites(effects), answer, ...effects.staged])
    const row = (results[effects.numbers.size] as ResultSet).rows[0]!
    return { answer: JSON.parse(String(row.response)) as CardResponse, first: true }
  } catch (err) {
    const earlier = await storedAnswer(deps.database.db, eventId)
    if (earlier) return { answer: JSON.parse(earlier) as CardResponse, first: false }
    // Another click got there first and broke a unique key this one's reads had found free
    // (two submissions of one form at once): nothing of this one was written.
    if (brokeConstraint(err)) return { answer: toast('info', RACED), first: false }
    throw err
  }
}
