/**
 * What moves a process's clock under libfaketime, for a child started with a clean environment:
 * run under `faketime` to prove the tests pass on a later date, the child keeps the test's date,
 * as the bot and Lark share one clock in production.
 */
export function clockEnv(): Record<string, string> {
  const names = ['LD_PRELOAD', 'FAKETIME', 'FAKETIME_DONT_FAKE_MONOTONIC']
  return Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]]] : [])))
}
