import type { z } from 'zod'
import type { Db } from '../db/client'
import type { Deps } from '../src/deps'
import type { Actor, Action } from '../src/domain/permissions'
import type { CardActionEvent } from '../src/lark/events'

/** The synchronous answer to a click: a toast, and the card that replaces the clicked one. */
export type CardResponse = {
  toast: { type: 'success' | 'info' | 'warning' | 'error'; content: string }
  card?: { type: 'raw'; data: unknown }
}

export type CardActionContext = {
  db: Db
  deps: Deps
  actor: Actor
  event: CardActionEvent
  now: Date
  /** Work to start once the answer is committed (it runs after Lark gets the response). */
  defer(work: () => Promise<unknown>): void
}

/**
 * A button's handler. Its value schema sits next to the card that emits the button. `name` is
 * stored in every card already sent, so the 整改 actions keep their first spelling (`ledger-…`).
 */
export type CardAction<S extends z.ZodType = z.ZodType> = {
  name: string
  schema: S
  action: Action
  run(ctx: CardActionContext, value: z.infer<S>): Promise<CardResponse>
}

// Actions differ in their value schema; the registry only routes to them.
export type AnyCardAction = CardAction<any>

export type CardActionRegistry = ReadonlyMap<string, CardAction>

export function defineAction<S extends z.ZodType>(action: CardAction<S>): CardAction<S> {
  return action
}

export function createActionRegistry(actions: readonly AnyCardAction[]): CardActionRegistry {
  const map = new Map<string, CardAction>()
  for (const action of actions as CardAction[]) {
    if (map.has(action.name)) throw new Error(`card action name used twice: ${action.name}`)
    map.set(action.name, action)
  }
  return map
}
