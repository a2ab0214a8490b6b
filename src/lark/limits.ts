/**
 * Lark's sending limits, kept in-process so a fan-out or a busy chat waits here instead of
 * collecting errors. One chat or user takes at most 5 messages/s, shared by every bot in it
 * (https://open.feishu.cn/document/server-docs/im-v1/message/create, beyond it code 230020);
 * an app makes at most 50 calls/s and 1,000/min, whichever it reaches first
 * (https://open.feishu.cn/document/server-docs/api-call-guide/frequency-control).
 * The clock and sleep are injectable so tests run fast and deterministically.
 */
export type Rule = { limit: number; windowMs: number }

export type LimitsOptions = {
  chat?: Rule
  app?: Rule[]
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Waits until one more call (to `chat`, when it goes to one) keeps within the limits, and takes
 * that slot. False, without waiting, when no slot frees up before `deadline`.
 */
export type Limiter = (chat: string | undefined, deadline: number) => Promise<boolean>

// Lark counts arrivals, and arrivals jitter. Calls go out evenly spaced, 10% wider than
// Lark's rate, so no second holds more than Lark allows even when some arrive late; a burst of
// 50 at once would also delay its own tail into the next second's count.
const spaced = (perSecond: number): Rule => ({ limit: 1, windowMs: 1100 / perSecond })
export const LARK_LIMITS = {
  chat: spaced(5),
  app: [spaced(50), { limit: 1000, windowMs: 61_000 }],
}
// Past this many chats, those idle for a window are forgotten.
const SWEEP_AT = 1000

export function createLimiter(opts: LimitsOptions = {}): Limiter {
  const { chat = LARK_LIMITS.chat, app = LARK_LIMITS.app, now = Date.now } = opts
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const appLog: number[] = []
  const chatLogs = new Map<string, number[]>()
  const keep = Math.max(...app.map((rule) => rule.limit))

  const take = (key: string | undefined, t: number) => {
    if (appLog.push(t) > keep) appLog.shift()
    if (key === undefined) return
    if (chatLogs.size >= SWEEP_AT) forgetIdle(chatLogs, t - chat.windowMs)
    const log = chatLogs.get(key) ?? []
    if (log.push(t) > chat.limit) log.shift()
    chatLogs.set(key, log)
  }
  // Checking again after each sleep (rather than booking a future slot) records true send
  // times, and a burst to one chat never holds up calls to other chats.
  return async (key, deadline) => {
    for (;;) {
      const t = now()
      const chatLog = key === undefined ? undefined : chatLogs.get(key)
      const waits = app.map((rule) => freeIn(appLog, rule, t))
      const wait = Math.max(0, ...waits, chatLog ? freeIn(chatLog, chat, t) : 0)
      if (wait === 0) {
        take(key, t)
        return true
      }
      if (t + wait > deadline) return false
      await sleep(wait)
    }
  }
}

/** Milliseconds until `log` (send times, oldest first) has room for one more under `rule`. */
function freeIn(log: number[], rule: Rule, t: number): number {
  return log.length < rule.limit ? 0 : log[log.length - rule.limit]! + rule.windowMs - t
}

function forgetIdle(logs: Map<string, number[]>, before: number) {
  for (const [key, log] of logs) if (log[log.length - 1]! <= before) logs.delete(key)
}
