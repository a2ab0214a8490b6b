import { UsageError } from '../errors'
import type { CardActionRegistry, CardResponse } from '../../commands/actions'
import { storeAnswer, storedAnswer } from '../../db/queries/card-actions'
import { loadActor } from '../../db/queries/people'
import type { Deps } from '../deps'
import type { CardActionEvent } from '../lark/events'
import { can } from '../domain/permissions'
import type { Defer } from './messages'

const toast = (type: CardResponse['toast']['type'], content: string): CardResponse => ({
  toast: { type, content },
})

/**
 * Card clicks are answered synchronously (within Lark's 3 s). A click delivered twice gets the
 * stored answer back; the action itself is also idempotent for two different clicks.
 */
export async function handleCardAction(
  deps: Deps,
  actions: CardActionRegistry,
  event: CardActionEvent,
  eventId: string,
  defer: Defer,
): Promise<CardResponse> {
  const name = event.action.value['a']
  const action = typeof name === 'string' ? actions.get(name) : undefined
  if (!action) return toast('warning', '这个按钮已失效，请重新发送命令')
  const value = action.schema.safeParse(event.action.value)
  if (!value.success) return toast('warning', '这个按钮已失效，请重新发送命令')

  // Slow work (a fan-out) starts only after the transaction commits, so it sees the claim.
  const later: Array<() => Promise<unknown>> = []
  const response = await deps.database
    .write(async (tx) => {
      const done = await storedAnswer(tx, eventId)
      if (done) return JSON.parse(done) as CardResponse
      const actor = await loadActor(tx, event.operator.open_id, deps.config.adminOpenIds)
      const response: CardResponse = can(actor, action.action)
        ? await action.run(
            { db: tx, deps, actor, event, now: deps.clock(), defer: (work) => later.push(work) },
            value.data,
          )
        : toast('error', '你没有权限执行这个操作')
      await storeAnswer(tx, eventId, JSON.stringify(response))
      return response
    })
    .catch((err: unknown) => {
      if (err instanceof UsageError) {
        later.length = 0
        return toast('warning', err.message)
      }
      throw err
    })
  for (const work of later) defer(work())
  return response
}
