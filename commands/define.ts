import type { Config } from '../src/config'
import type { Db, Write } from '../db/client'
import type { Actor, Action } from '../src/domain/permissions'
import type { Card } from '../templates/card'
import type { Deps } from '../src/deps'
import type { Attachment } from '../src/lark/events'

export type Mention = { openId: string; name: string }

/** Everything a command may touch. `db` is the open write transaction of this message. */
export type CommandContext = {
  db: Db
  config: Config
  actor: Actor
  sender: { openId: string; name: string }
  chat: { id: string; type: 'p2p' | 'group' }
  messageId: string
  mentions: Mention[]
  /** Images and files the message carries. */
  attachments: Attachment[]
  /** The message it replies to and the first of its thread, when it is a reply. */
  repliesTo: string[]
  now: Date
  /** Work to start once the message's transaction has committed (e.g. telling someone else). */
  afterCommit(work: (deps: Deps) => Promise<unknown>): void
  /**
   * Writes that commit together with marking the message processed, once run has returned:
   * all of them or none, and none if run throws. On Turso they go in one batch with the mark
   * (one round trip, no lock held while the command reads), so the command reads nothing back
   * from them: whatever its reply shows, it works out beforehand (see reserveId).
   */
  stage(...writes: Write[]): void
  /**
   * A new id for a row of `table`, taken at once by a statement of its own, for a staged
   * insert to use. A message that then fails leaves a gap in the numbers, never a clash.
   */
  reserveId(table: 'reports'): Promise<number>
}

export type Command<A = unknown> = {
  name: string
  aliases?: string[]
  summary: string
  usage: string
  /** The permission the sender needs; finer checks (whose unit) happen in run. */
  action: Action
  /**
   * Turns the words after the command into its arguments. Like run, it refuses input only by
   * throwing a UsageError; one without a hint is shown with the command's usage.
   */
  parse?: (args: string[], ctx: CommandContext) => A
  run(ctx: CommandContext, args: A): Promise<Card>
}

/** Only helps inference: a command is plain data plus one function. */
export function defineCommand<A = string[]>(command: Command<A>): Command<A> {
  return command
}
