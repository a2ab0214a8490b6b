import { UsageError } from '../src/errors'
import { can, type Action } from '../src/domain/permissions'
import type { Card } from '../templates/card'
import type { Context } from '../src/handlers'

/** One thing a command with subcommands does, chosen by the first word after the command. */
export type Subcommand = {
  /** Matched exactly as typed, like a switch on the word. */
  words: readonly string[]
  /** How it is typed after the command, for the command's usage line; without one it goes unlisted. */
  usage?: string
  /** A right beyond the command's own, refused before anything is read; finer checks happen in run. */
  needs?: { action: Action; refusal: string }
  /** Gets the words after its own. */
  run(ctx: Context, args: string[]): Promise<Card>
}

/** What the command does when the first word chooses no entry. */
export type Fallback =
  /** A bare command runs `bare`; any other word is refused with the command's usage. */
  | { bare: Subcommand; usage: string }
  /** Every word, the first included, goes to `otherwise` (`/整改 逾期` is a list, not a subcommand). */
  | { otherwise(ctx: Context, args: string[]): Promise<Card> }

/** The listed usages in table order, for the command to join into its usage line. */
export const usagesOf = (entries: readonly Subcommand[]) => entries.flatMap((e) => e.usage ?? [])

/** A command's `run` that routes the first word; a word used twice is a programming error. */
export function routeSubcommands(entries: readonly Subcommand[], fallback: Fallback) {
  const byWord = new Map<string, Subcommand>()
  for (const entry of entries) {
    for (const word of entry.words) {
      if (byWord.has(word)) throw new Error(`subcommand word used twice: ${word}`)
      byWord.set(word, entry)
    }
  }
  return async (ctx: Context, args: string[]): Promise<Card> => {
    const [first, ...rest] = args
    const bare = 'bare' in fallback ? fallback.bare : undefined
    const entry = first === undefined ? bare : byWord.get(first)
    if (entry) {
      if (entry.needs && !can(ctx.actor, entry.needs.action))
        throw new UsageError(entry.needs.refusal, '发送 /帮助 查看你可以用的命令。')
      return entry.run(ctx, rest)
    }
    if ('otherwise' in fallback) return fallback.otherwise(ctx, args)
    throw new UsageError(`不认识「${first}」。`, `用法：${fallback.usage}`)
  }
}
