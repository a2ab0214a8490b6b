import type { Registry } from '../handlers'
import {
  claimAttempt,
  dueMessages,
  giveUp,
  leftoverMessages,
} from '../../db/queries/inbound-messages'
import type { Deps } from '../deps'
import type { JobResult } from './job'
import { sendDue } from '../delivery/deliver'
import { writeAlone } from '../../db/write-alone'
import { resumeMessage } from '../intake/messages'

/** At most this many messages, and as many deliveries, a tick (on Node, with no budget). */
const BATCH = 100
/**
 * Subrequests one swept message may cost on Workers: counting the attempt and reading the
 * message (2), the command's reads and writes, the reply (1), marking it replied (1).
 * Measured by npm run bench:worker after the duplicate and lock checks came in: /上报 14,
 * /统计 10, /周报 14, plus those 2; the first in an isolate adds 4 (the bot's open_id, a
 * tenant token). Hence 24, with room for a command that reads a little more.
 */
export const MESSAGE_COST = 24
/** Reading which messages are due. */
const DUE_COST = 1
// Each attempt waits on Lark's answer; a few at once keep a backlog short without a burst.
const CONCURRENCY = 8
const MAX_ATTEMPTS = 8
const BACKOFF_BASE_MS = 60_000
const BACKOFF_MAX_MS = 3_600_000

/** After the n-th attempt the next one waits 1, 2, 4 … minutes, at most an hour. */
const backoff = (now: Date) => ({ now, baseMs: BACKOFF_BASE_MS, maxMs: BACKOFF_MAX_MS })

/**
 * Finishes messages a dead process left behind, or whose reply Lark did not take: stored
 * (Lark has had its 200 and will not deliver again) but never processed, or processed but
 * never replied to. Oldest first, each attempt counted and backed off, so a reply Lark keeps
 * refusing cannot starve the others; after MAX_ATTEMPTS the message is given up on. Then, with
 * what is left of the invocation's subrequests, it sends deliveries that jobs claimed but could
 * not send (a digest larger than one invocation's budget): people waiting on a reply go first.
 */
export async function runSweepJob(deps: Deps, commands: Registry, now: Date): Promise<JobResult> {
  const budget = deps.subrequests - DUE_COST
  const slice = Math.min(BATCH, Math.floor(budget / MESSAGE_COST))
  const due = slice > 0 ? await dueMessages(deps.database.db, now, slice) : []
  await attemptAll(deps, commands, due, now)
  const sent = await sendDue(deps, now, budget - due.length * MESSAGE_COST, BATCH)
  const done = due.length + sent
  return { job: 'sweep', period: now.toISOString(), sent: done, quiet: done === 0 }
}

/**
 * A Node process that starts holds no message yet, so everything unfinished that was stored
 * before it started was left by the one before it (a crash, a deploy): finish all of it now.
 */
export async function finishLeftovers(deps: Deps, commands: Registry): Promise<number> {
  const now = deps.clock()
  const leftovers = await leftoverMessages(deps.database.db, now)
  await attemptAll(deps, commands, leftovers, now)
  return leftovers.length
}

async function attemptAll(deps: Deps, commands: Registry, ids: string[], now: Date) {
  let next = 0
  const worker = async () => {
    while (next < ids.length) await attempt(deps, commands, ids[next++]!, now)
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker))
}

async function attempt(deps: Deps, commands: Registry, messageId: string, now: Date) {
  const background = { background: true }
  const attempts = await writeAlone(
    deps.database,
    (db) => claimAttempt(db, messageId, backoff(now)),
    background,
  )
  if (attempts === null) return
  if (attempts > MAX_ATTEMPTS) {
    const failure = `gave up after ${MAX_ATTEMPTS} attempts`
    return writeAlone(deps.database, (db) => giveUp(db, messageId, failure), background)
  }
  await resumeMessage(deps, commands, messageId).catch((err: unknown) =>
    deps.log.error(`sweep: message ${messageId} failed (attempt ${attempts})`, err),
  )
}
