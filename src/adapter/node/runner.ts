/**
 * Node's stand-in for Workers' ExecutionContext: work handed to waitUntil runs after the
 * response, and idle() lets a shutdown (or a test) wait for it.
 */
export function createRunner() {
  const pending = new Set<Promise<unknown>>()
  return {
    waitUntil(work: Promise<unknown>) {
      const tracked = work.finally(() => pending.delete(tracked))
      pending.add(tracked)
    },
    passThroughOnException() {},
    props: {},
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending])
    },
  }
}

export type Runner = ReturnType<typeof createRunner>
