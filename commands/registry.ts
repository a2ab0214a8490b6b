import type { Command } from './define'

// Commands differ in their parsed-argument type; the registry only routes to them.
export type AnyCommand = Command<any>

export type Registry = {
  list: readonly Command<unknown>[]
  find(name: string): Command<unknown> | undefined
}

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
  return { list, find: (name) => byName.get(name.toLowerCase()) }
}
