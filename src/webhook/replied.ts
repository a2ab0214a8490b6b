import { inArray } from 'drizzle-orm'
import type { Database } from '../../db/client'
import { inboundMessages } from '../../db/schema'
import type { Deps } from '../deps'

type Pending = { ids: string[]; done: Promise<void> }
const pending = new WeakMap<Database, Pending>()

/**
 * Records that replies went out. Marks that arrive before the write runs share one UPDATE, so
 * a burst of webhooks costs one statement here, not one per message.
 */
export function markReplied(deps: Deps, messageId: string): Promise<void> {
  let state = pending.get(deps.database)
  if (!state) {
    const ids: string[] = []
    const done = deps.database.write(
      async (tx) => {
        pending.delete(deps.database)
        await tx
          .update(inboundMessages)
          .set({ repliedAt: deps.clock() })
          .where(inArray(inboundMessages.messageId, ids))
      },
      { background: true },
    )
    state = { ids, done }
    pending.set(deps.database, state)
  }
  state.ids.push(messageId)
  return state.done
}
