/**
 * The built Worker in workerd under overlapping webhooks, with the database and Redis a round
 * trip away: `npm run bench:worker`. For 30 and 60 webhooks at once, at 20 and 50 ms, it prints
 * how many were answered and replied and how long that took; then, one at a time, the
 * subrequests a webhook makes before its 200 and in all for /上报, /统计 and /周报; then
 * workerd's CPU per /上报 webhook (the whole process: an upper bound on the Worker's own).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cardText } from '../test/support/bot'
import { messageEvent } from '../test/support/events'
import { FAKE_BOT_OPEN_ID } from '../src/local/fake-lark'
import {
  buildWorker,
  seedLiaisons,
  startWorkerRig,
  type WorkerRig,
} from '../test/support/worker-rig'

const ROUNDS = [
  { webhooks: 30, rttMs: 20 },
  { webhooks: 60, rttMs: 20 },
  { webhooks: 30, rttMs: 50 },
  { webhooks: 60, rttMs: 50 },
]
const REPLY_WAIT_MS = 60_000
const CPU_WEBHOOKS = 200

const say = (openId: string, text: string) =>
  messageEvent({
    text: `@_user_1 ${text}`,
    sender: { openId },
    mentions: [{ openId: FAKE_BOT_OPEN_ID, name: '统计机器人' }],
  })

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p99 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.99) - 1)]!

async function replied(rig: WorkerRig, ids: string[], waitMs: number) {
  const want = new Set(ids)
  const deadline = Date.now() + waitMs
  const got = () => rig.lark.sent.filter((m) => m.kind === 'reply' && want.has(m.messageId!))
  while (got().length < ids.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return got()
}

async function burst(dir: string, webhooks: number, rttMs: number) {
  const rig = await startWorkerRig({ dir, rttMs })
  try {
    const liaisons = await seedLiaisons(rig.bridge, webhooks)
    const events = liaisons.map((id) => say(id, '/上报 学习 3'))
    const started = performance.now()
    const answers = await Promise.all(
      events.map(async (e) => {
        const res = await rig.post(e)
        await res.arrayBuffer()
        return { status: res.status, ms: performance.now() - started }
      }),
    )
    const ids = events.map((e) => e.event.message.message_id)
    const replies = await replied(rig, ids, REPLY_WAIT_MS)
    const allReplied = performance.now() - started
    const ok = answers.filter((a) => a.status === 200).length
    const warnings = rig.output.filter((l) => /different request context/i.test(l)).length
    console.log(
      `${webhooks} at once, ${rttMs} ms RTT: ${ok}/${webhooks} answered 200 ` +
        `(p50 ${median(answers.map((a) => a.ms)).toFixed(0)} ms, ` +
        `p99 ${p99(answers.map((a) => a.ms)).toFixed(0)} ms), ` +
        `${new Set(replies.map((r) => r.messageId)).size}/${webhooks} replied ` +
        `(last after ${allReplied.toFixed(0)} ms), cross-request warnings: ${warnings}`,
    )
  } finally {
    await rig.close()
  }
}

/** Waits until no hop has seen a request for a while. */
async function settled(rig: WorkerRig) {
  for (let seen = ''; ;) {
    await new Promise((resolve) => setTimeout(resolve, 300))
    const now = JSON.stringify(rig.counts())
    if (now === seen) return
    seen = now
  }
}

async function subrequests(dir: string) {
  const rig = await startWorkerRig({ dir, rttMs: 5 })
  try {
    const [liaison] = await seedLiaisons(rig.bridge, 1)
    for (const [who, text] of [
      [liaison!, '/上报 学习 3'],
      [liaison!, '/上报 党课 1'],
      ['ou_admin', '/统计 累计'],
      ['ou_admin', '/周报'],
    ] as const) {
      await settled(rig)
      const event = say(who, text)
      const before = rig.counts()
      const fromDb = rig.database.log.length
      const res = await rig.post(event)
      await res.arrayBuffer()
      const [reply] = await replied(rig, [event.event.message.message_id], 15_000)
      await settled(rig)
      const after = rig.counts()
      const hops = rig.database.log.slice(fromDb)
      const store = hops.find((h) => /insert into \\?"inbound_messages/.test(h.body))
      const beforeAnswer = hops.filter((h) => store?.end && h.start < store.end).length
      console.log(
        `${text.padEnd(12)} database ${after.database - before.database} ` +
          `(${beforeAnswer} before the 200), Redis ${after.redis - before.redis}, ` +
          `Lark ${after.lark - before.lark}: ` +
          `${after.database - before.database + after.redis - before.redis + after.lark - before.lark} ` +
          `subrequests${reply ? '' : ' (no reply!)'} · ${cardText(reply?.content).split('\n')[0]}`,
      )
    }
  } finally {
    await rig.close()
  }
}

/**
 * CPU seconds (user + system) of the workerd processes under this one: only its own, as other
 * work on the machine may run workerd too.
 */
function workerdCpuSec(): number {
  const out = execFileSync('ps', ['-eo', 'pid,ppid,comm'], { encoding: 'utf8' })
  const procs = out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/))
  const ours = new Set([String(process.pid)])
  // Descendants, until no new one joins: ps lists by pid, and a child's may be the lower one.
  for (let grew = true; grew;) {
    grew = false
    for (const [pid, ppid] of procs) {
      if (ours.has(pid!) || !ours.has(ppid!)) continue
      ours.add(pid!)
      grew = true
    }
  }
  const pids = procs.filter(([pid, , comm]) => ours.has(pid!) && /workerd/.test(comm!))
  let ticks = 0
  for (const [pid] of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    ticks += Number(stat[11]) + Number(stat[12])
  }
  return ticks / 100
}

/** Each command's webhooks, one at a time, with what workerd spent on them in all. */
const CPU_RUNS = [
  { who: 'liaison', text: '/上报 学习 1', times: CPU_WEBHOOKS },
  { who: 'admin', text: '/统计 累计', times: 50 },
  { who: 'admin', text: '/周报', times: 50 },
  { who: 'admin', text: '/报告 累计', times: 20 },
] as const

async function cpu(dir: string) {
  const rig = await startWorkerRig({ dir, rttMs: 0 })
  try {
    const liaisons = await seedLiaisons(rig.bridge, 20)
    // Warm-up: the first requests compile the bundle and fill the token and bot caches.
    for (const id of liaisons) await (await rig.post(say(id, '/上报 学习 1 党课 1'))).text()
    await settled(rig)
    // The floor: what workerd and Miniflare's own entry worker spend on a request that does
    // nothing (a 404), which Cloudflare does not bill as the Worker's CPU.
    const floorFrom = workerdCpuSec()
    for (let i = 0; i < CPU_WEBHOOKS; i++) await (await rig.fetch('/nothing-here')).text()
    const floor = ((workerdCpuSec() - floorFrom) * 1000) / CPU_WEBHOOKS
    console.log(`workerd CPU per request that does nothing (a 404): ${floor.toFixed(1)} ms`)
    for (const run of CPU_RUNS) {
      const before = workerdCpuSec()
      const ids: string[] = []
      for (let i = 0; i < run.times; i++) {
        const who = run.who === 'admin' ? 'ou_admin' : liaisons[i % liaisons.length]!
        const event = say(who, run.text)
        ids.push(event.event.message.message_id)
        await (await rig.post(event)).text()
      }
      await replied(rig, ids, REPLY_WAIT_MS)
      await settled(rig)
      const each = ((workerdCpuSec() - before) * 1000) / run.times
      console.log(
        `workerd CPU per ${run.text} webhook (store, run, reply and any file; ${run.times} ` +
          `one at a time): ${each.toFixed(1)} ms — the Free plan allows 10 ms an invocation`,
      )
    }
  } finally {
    await rig.close()
  }
}

const build = await buildWorker()
try {
  for (const round of ROUNDS) await burst(build.dir, round.webhooks, round.rttMs)
  await subrequests(build.dir)
  await cpu(build.dir)
} finally {
  build.remove()
}
