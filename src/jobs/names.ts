import { namelessPeople, personWrite } from '../../db/queries/people'
import type { Deps } from '../deps'
import { shanghaiDate } from '../domain/week'
import type { JobResult } from './job'

/**
 * Names the people the bot knows only by open_id (bound before a request carried a name, a
 * bootstrap admin nobody @-ed) from the tenant's directory. A job, not a migration: the names
 * are in Lark, which a migration cannot ask and a Worker's startup has no time for; run after
 * an upgrade (npm run job -- names), and again once the scope or 通讯录权限范围 is widened.
 * Whoever Lark will not name stays for the request's name or their next menu tap.
 */
export async function runNamesJob(deps: Deps, now: Date): Promise<JobResult> {
  const nameless = await namelessPeople(deps.database.db, deps.config.adminOpenIds)
  const period = shanghaiDate(now)
  if (nameless.length === 0) return { job: 'names', period, sent: 0, quiet: true }
  const found: Array<[string, string]> = []
  for (const openId of nameless) {
    const name = await deps.lark.userName(openId)
    if (name) found.push([openId, name])
  }
  if (found.length > 0)
    await deps.database.batch(found.map(([openId, name]) => personWrite({ openId, name }, now)))
  const left = nameless.length - found.length
  return {
    job: 'names',
    period,
    sent: found.length,
    ...(left > 0
      ? {
          skipped: `named ${found.length}; Lark would not name ${left} (scope contact:user.base:readonly, 通讯录权限范围)`,
        }
      : {}),
  }
}
