import type { Registry } from '../../commands/registry'
import { unfinishedMessages } from '../../db/queries/inbound-messages'
import type { Deps } from '../deps'
import type { JobResult } from '../jobs/job'
import { resumeMessage } from './messages'

/** Messages younger than this are still in the hands of the request that stored them. */
export const SWEEP_AFTER_MS = 60_000
const BATCH = 100

/**
 * Finishes messages a dead process left behind: stored (Lark has had its 200 and will not
 * deliver again) but never processed, or processed but never replied to.
 */
export async function runSweepJob(
  deps: Deps,
  commands: Registry,
  now: Date,
  olderThanMs = SWEEP_AFTER_MS,
): Promise<JobResult> {
  const before = new Date(now.getTime() - olderThanMs)
  const stale = await unfinishedMessages(deps.database.db, before, BATCH)
  for (const messageId of stale) await resumeMessage(deps, commands, messageId)
  return { job: 'sweep', period: now.toISOString(), sent: stale.length, quiet: stale.length === 0 }
}

/**
 * A Node process that starts holds no message yet, so everything unfinished was left by the one
 * before it (a crash, a deploy): finish it now rather than a minute later. One batch: what is
 * beyond it, or cannot be finished now (Lark unreachable), is the minute sweep's.
 */
export async function finishLeftovers(deps: Deps, commands: Registry): Promise<number> {
  return (await runSweepJob(deps, commands, deps.clock(), 0)).sent
}
