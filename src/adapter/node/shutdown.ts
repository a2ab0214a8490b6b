import { constants } from 'node:os'
import type { Logger } from '../../log'

/** Inside the 10 s that Docker and most supervisors allow before SIGKILL, with room to spare. */
const GRACE_MS = 8000

export type Shutdown = {
  /** Stops taking work: timers off, the server closed; resolves once its requests are done. */
  stop(): Promise<void>
  /** Resolves when work handed off after a response (runner.idle) is done. */
  idle(): Promise<void>
  close(): void
}

/**
 * SIGTERM / SIGINT: stop taking work, wait for in-flight work at most GRACE_MS, close the
 * database, exit 0. A hung Lark call must not keep the process alive: what it was answering is
 * stored, and the next start finishes it (see jobs/sweep.ts). A second signal exits at once.
 */
export function exitOnSignals(steps: Shutdown, log: Logger) {
  let stopping = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(128 + constants.signals[signal])
    stopping = true
    log.info(`${signal}: stopping (waiting at most ${GRACE_MS / 1000} s for work in flight)`)
    void within(GRACE_MS, steps.stop().then(steps.idle)).then((done) => {
      if (!done)
        log.warn(`work still in flight after ${GRACE_MS / 1000} s; the next start finishes it`)
      try {
        steps.close()
      } catch (err) {
        log.error('closing the database failed', err)
      }
      process.exit(0)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

/** True if `work` settles within `ms`, false if the time runs out first. */
function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  const settled = work.catch(() => undefined).then(() => true)
  const timeUp = new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))
  return Promise.race([settled, timeUp])
}
