import { describe, expect, it } from 'vitest'
import { createLimiter, type LimitsOptions } from '../../src/lark/limits'

/** A clock that moves only when every caller sleeps, to the earliest wake-up. */
function virtualTime() {
  let clock = 0
  const timers: { at: number; wake: () => void }[] = []
  const sleep = (ms: number) => new Promise<void>((wake) => timers.push({ at: clock + ms, wake }))
  async function run<T>(work: Promise<T>): Promise<T> {
    let done = false
    void work.finally(() => (done = true))
    while (!done) {
      await new Promise((r) => setImmediate(r))
      timers.sort((a, b) => a.at - b.at)
      const next = timers.shift()
      if (!next) continue
      clock = next.at
      next.wake()
    }
    return work
  }
  return { now: () => clock, sleep, run }
}

/** The times at which each call got its slot, in call order. */
async function grants(keys: (string | undefined)[], opts: LimitsOptions = {}) {
  const time = virtualTime()
  const take = createLimiter({ ...opts, now: time.now, sleep: time.sleep })
  const calls = keys.map((key) => take(key, Infinity).then(() => time.now()))
  return time.run(Promise.all(calls))
}

describe('the Lark limiter', () => {
  it('spaces calls to one chat 220 ms apart: five a second, a tenth to spare', async () => {
    const times = await grants(Array(7).fill('chat_id:oc_busy'))
    expect(times).toEqual([0, 220, 440, 660, 880, 1100, 1320])
  })

  it('does not hold up other chats behind a busy one', async () => {
    const times = await grants([...Array(8).fill('chat_id:oc_busy'), 'open_id:ou_1', undefined])
    expect(times.slice(8)).toEqual([22, 44])
  })

  it('spaces the whole app 22 ms apart, so no second holds more than 46 calls', async () => {
    const times = await grants(Array.from({ length: 120 }, (_, i) => `open_id:ou_${i}`))
    expect(times.slice(0, 4)).toEqual([0, 22, 44, 66])
    const busiest = Math.max(
      ...times.map((t) => times.filter((x) => x >= t && x < t + 1000).length),
    )
    expect(busiest).toBe(46)
  })

  it('meets every app rule at once: per second and per minute', async () => {
    const app = [
      { limit: 2, windowMs: 10 },
      { limit: 5, windowMs: 100 },
    ]
    const times = await grants(Array(10).fill(undefined), { app })
    expect(times).toEqual([0, 0, 10, 10, 20, 100, 100, 110, 110, 120])
  })

  it('answers false at once, taking no slot, when the wait would pass the deadline', async () => {
    const time = virtualTime()
    const take = createLimiter({
      now: time.now,
      sleep: time.sleep,
      chat: { limit: 1, windowMs: 1000 },
    })
    expect(await take('chat_id:oc_1', 0)).toBe(true)
    expect(await take('chat_id:oc_1', 999)).toBe(false)
    expect(await time.run(take('chat_id:oc_1', 1000))).toBe(true)
    expect(time.now()).toBe(1000)
  })
})
