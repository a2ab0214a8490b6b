import type { Registry } from '../../commands/registry'
import {
  claimAttempt,
  dueMessages,
  giveUp,
  leftoverMessages,
} from '../../db/queries/inbound-messages'
import type { Deps } from '../deps'
import type { JobResult } from '../jobs/job'
import { writeAlone } from '../jobs/write-alone'
import { resumeMessage } from './messages'

const BATCH = 100
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
 * refusing cannot starve the others; after MAX_ATTEMPTS the message is given up on.
 */
export async function runSweepJob(deps: Deps, commands: Registry, now: Date): Promise<JobResult> {
  const due = await dueMessages(deps.database.db, now, BATCH)
  await attemptAll(deps, commands, due, now)
  return { job: 'sweep', period: now.toISOString(), sent: due.length, quiet: due.length === 0 }
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
