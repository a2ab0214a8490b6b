import { judgeAnswer, judgeFailure } from './failures'
import type { Limiter } from './limits'
import type { Sent } from './outbound'

/** One HTTP request to Lark through the SDK, resolving with Lark's answer. */
export type Attempt = () => Promise<{ code?: number; msg?: string }>

// A rate-limited call pauses and tries again, but never more often or longer than this: a
// reply must not wait for ever.
const MAX_TRIES = 6
const CALL_BUDGET_MS = 60_000
// Without a reset header: one chat's window is a second; later tries wait longer, and a
// little at random so a burst to one chat does not come back all at once.
const PAUSE_MS = 1000

/**
 * One call: a slot under the limits, then the request. Over a limit it pauses as long as Lark
 * says (x-ogw-ratelimit-reset, https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control)
 * and tries again, until MAX_TRIES or CALL_BUDGET_MS; a pause that would end past the budget
 * is not begun. Anything else ends the call at once: trying a failing Lark again belongs to
 * the caller's next pass or sweep, not to a call that holds a reply open; only an invalid
 * tenant token (99991663) is renewed with `renewToken` and the call tried once more.
 * Resolves with what became of it and, unless sent, why.
 */
export async function callLark(
  limiter: Limiter,
  chat: string | undefined,
  attempt: Attempt,
  renewToken: () => Promise<void>,
): Promise<[Sent, string]> {
  const deadline = Date.now() + CALL_BUDGET_MS
  let renewed = false
  for (let tries = 1; ; tries++) {
    if (!(await limiter(chat, deadline))) return ['retry', 'no slot under the limits in time']
    const verdict = await attempt().then(judgeAnswer, judgeFailure)
    // A revoked token stays cached until it expires: drop it and try once with a new one.
    if (verdict.kind === 'token' && !renewed) {
      renewed = true
      await renewToken()
      continue
    }
    if (verdict.kind === 'token') return ['retry', verdict.detail]
    if (verdict.kind === 'refused') return [verdict.why, verdict.detail]
    if (verdict.kind !== 'busy') return [verdict.kind, 'detail' in verdict ? verdict.detail : '']
    if (tries >= MAX_TRIES) return ['retry', `${verdict.detail}; gave up after ${tries} tries`]
    const pause = verdict.waitMs ?? PAUSE_MS * tries + Math.random() * PAUSE_MS
    if (Date.now() + pause > deadline) {
      return ['retry', `${verdict.detail}; a ${Math.ceil(pause / 1000)} s pause is past the budget`]
    }
    await new Promise((r) => setTimeout(r, pause))
  }
}
