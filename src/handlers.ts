import type { z } from 'zod'
import type { Db, Write } from '../db/client'
import type { Card } from '../templates/card'
import type { Config } from './config'
import type { Deps } from './deps'
import type { Actor, Action } from './domain/permissions'
import type { Attachment } from './lark/events'

/**
 * The contract between the intake (webhook, long connection, console, jobs) and the handlers
 * in commands/: a chat command and a card button get the same context, read through it, and
 * say what they write. The intake commits the writes, the answer and the mark that the message
 * (or click) was handled together, in one statement or one batch behind its guard.
 */

export type Mention = { openId: string; name: string }

/** Work for after the commit (telling someone else, a file): it gets the services. */
export type Work = (deps: Deps) => Promise<unknown>

/**
 * Numbers the commit hands out; each names a row of the sequences table: reports', and each
 * year's 整改 codes' (ledgerSequence).
 */
export type Sequence = 'reports' | `rectifications:${number}`

export type Context = {
  /** For reading: a handler writes only through stage. */
  db: Db
  config: Config
  actor: Actor
  sender: { openId: string; name: string }
  chat: { id: string; type: 'p2p' | 'group' }
  /** The message, or for a click the card's message: what an answer refers to. */
  messageId: string
  mentions: Mention[]
  /** Images and files the message carries. */
  attachments: Attachment[]
  /** The message it replies to and the first of its thread, when it is a reply. */
  repliesTo: string[]
  /** What a form card held when its button was pressed ({} for a typed command). */
  form: Record<string, unknown>
  now: Date
  /**
   * Writes that commit with the answer and the mark, once the handler has returned: all of
   * them or none, and none if it throws. They go in one batch (on Turso one round trip, no
   * lock held while the handler read), so the handler reads nothing back from them: whatever
   * its answer shows, it works out beforehand, new numbers included (see newId).
   */
  stage(...writes: Write[]): void
  /**
   * The next number of a sequence (a report's 记录号, the number in a 整改 code), taken by the
   * commit itself; one per commit. What the handler gets stands in for it: written into the
   * answer, it is replaced by the number as the answer is stored (a 整改 number padded as
   * formatCode pads it); the staged writes name the row by sequenceValue(sequence).
   */
  newId(sequence: Sequence): number
  /** Work to start once the commit is done and the answer is out. */
  afterCommit(work: Work): void
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
  parse?: (args: string[], ctx: Context) => A
  run(ctx: Context, args: A): Promise<Card>
}

/** Only helps inference: a command is plain data plus one function. */
export function defineCommand<A = string[]>(command: Command<A>): Command<A> {
  return command
}

/** The synchronous answer to a click: a toast, and the card that replaces the clicked one. */
export type CardResponse = {
  toast: { type: 'success' | 'info' | 'warning' | 'error'; content: string }
  card?: { type: 'raw'; data: unknown }
}

/**
 * A button's handler. Its value schema sits next to the card that emits the button. `name` is
 * stored in every card already sent, so the 整改 actions keep their first spelling (`ledger-…`).
 */
export type CardAction<S extends z.ZodType = z.ZodType> = {
  name: string
  schema: S
  action: Action
  run(ctx: Context, value: z.infer<S>): Promise<CardResponse>
}

export function defineAction<S extends z.ZodType>(action: CardAction<S>): CardAction<S> {
  return action
}

export type Registry = {
  list: readonly Command<unknown>[]
  find(name: string): Command<unknown> | undefined
  /**
   * The command a typed name means: exactly, or else the longest name it starts with, the rest
   * being the first argument (`/上报学习3` is `/上报 学习3`, `/报告周报` is `/报告 周报`).
   */
  match(typed: string): { command: Command<unknown>; rest: string } | undefined
}

export type CardActionRegistry = ReadonlyMap<string, CardAction>

/** What the app routes to: chat commands by name, card buttons by the `a` in their value. */
export type Handlers = { commands: Registry; actions: CardActionRegistry }
