import type { Write } from '../../db/client'
import { nextNumber } from '../../db/queries/sequences'
import type { Context, Sequence, Work } from '../handlers'

/** What a handler said while it ran: its writes, its numbers, its work for after. */
export type Effects = { staged: Write[]; numbers: Map<Sequence, string>; later: Work[] }

/** The context minus what the intake supplies to collect the handler's effects. */
export type ContextBase = Omit<Context, 'stage' | 'newId' | 'afterCommit'>

/**
 * A handler's context and the effects it collects. A number's stand-in is negative and too
 * long to be typed by chance, so replacing its digits in the stored answer touches nothing else.
 */
export function handlerContext(base: ContextBase): { ctx: Context; effects: Effects } {
  const effects: Effects = { staged: [], numbers: new Map(), later: [] }
  const ctx: Context = {
    ...base,
    stage: (...writes) => effects.staged.push(...writes),
    newId(sequence) {
      if (effects.numbers.size > 0) throw new Error('one new number per commit')
      const standIn = -(10 ** 15 + Math.floor(Math.random() * 10 ** 14))
      effects.numbers.set(sequence, String(standIn))
      return standIn
    },
    afterCommit: (work) => effects.later.push(work),
  }
  return { ctx, effects }
}

/** The statements that take the handler's numbers, first in its batch. */
export const numberWrites = (effects: Effects): Write[] =>
  [...effects.numbers.keys()].map(nextNumber)

/** The stand-in to replace in the stored answer and its sequence ('' when the handler took none). */
export function standInOf(effects: Effects): { standIn: string; sequence: string } {
  const [taken] = effects.numbers
  return taken ? { sequence: taken[0], standIn: taken[1] } : { standIn: '', sequence: '' }
}
