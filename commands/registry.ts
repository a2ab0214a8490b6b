import { toHalfWidth } from '../src/domain/normalize'
import type { CardAction, CardActionRegistry, Command, Registry } from '../src/handlers'

// Commands differ in their parsed-argument type, actions in their value schema; the registries
// only route to them.
export type AnyCommand = Command<any>
export type AnyCardAction = CardAction<any>

/** Builds the lookup once; a name or alias used twice is a programming error, caught at load. */
export function createRegistry(commands: readonly AnyCommand[]): Registry {
  const list = commands as readonly Command<unknown>[]
  const byName = new Map<string, Command<unknown>>()
  for (const command of list) {
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      const key = name.toLowerCase()
      if (byName.has(key)) throw new Error(`command name used twice: ${name}`)
      byName.set(key, command)
    }
  }
  const find = (name: string) => byName.get(name.toLowerCase())
  const longestFirst = [...byName.keys()].sort((a, b) => b.length - a.length)
  return {
    list,
    find,
    match(typed) {
      // Read half-width (/Ｈｅｌｐ is /help); lengths are unchanged, so the rest is cut from what
      // was typed and a glued note keeps its punctuation (/上报学习3备注：线上，两个支部).
      const lower = toHalfWidth(typed).toLowerCase()
      const exact = byName.get(lower)
      if (exact) return { command: exact, rest: '' }
      const name = longestFirst.find((n) => lower.startsWith(n))
      return name ? { command: byName.get(name)!, rest: typed.slice(name.length) } : undefined
    },
  }
}

export function createActionRegistry(actions: readonly AnyCardAction[]): CardActionRegistry {
  const map = new Map<string, CardAction>()
  for (const action of actions as CardAction[]) {
    if (map.has(action.name)) throw new Error(`card action name used twice: ${action.name}`)
    map.set(action.name, action)
  }
  return map
}
