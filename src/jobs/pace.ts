/**
 * Spaces calls evenly so a fan-out stays under Lark's limits: 50 calls/s per app, and 5 QPS
 * per user or group (https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control).
 * A fan-out sends each recipient one message, so only the app-wide rate needs pacing here.
 * The clock and sleep are injectable so tests run fast and deterministically.
 */
export type PaceOptions = {
  perSecond?: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export type Pacer = () => Promise<void>

/** Lark allows 50/s per app; stay a little under it for calls made elsewhere meanwhile. */
export const APP_CALLS_PER_SECOND = 40

export function createPacer(opts: PaceOptions = {}): Pacer {
  const gapMs = 1000 / (opts.perSecond ?? APP_CALLS_PER_SECOND)
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  let next = 0
  // Reserving the slot synchronously keeps concurrent callers from taking the same one.
  return async () => {
    const at = Math.max(now(), next)
    next = at + gapMs
    const wait = at - now()
    if (wait > 0) await sleep(wait)
  }
}
