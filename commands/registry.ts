import { toHalfWidth } from '../src/domain/normalize'
import type { CardActionRegistry } from './actions'
import type { Command } from './define'

// Commands differ in their parsed-argument type; the registry only routes to them.
export type AnyCommand = Command<any>

export type Registry = {
  list: readonly Command<unknown>[]
  find(name: string): Command<unknown> | undefined
  /**
   * The command a typed name means: exactly, or else the longest name it starts with, the rest
   * being the first argument (`/上报学习3` is `/上报 学习3`, `/报告周报` is `/报告 周报`).
   */
  match(typed: string): { command: Command<unknown>; rest: string } | undefined
}

/** What the app routes to: chat commands by name, card buttons by the `a` in their value. */
export type Handlers = { commands: Registry; actions: CardActionRegistry }

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
