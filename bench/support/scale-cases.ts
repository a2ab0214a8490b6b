import { and, count, eq, inArray } from 'drizzle-orm'
import { handlers } from '../../commands'
import { liaisonsOf, peopleWithRole } from '../../db/queries/people'
import { listUnits } from '../../db/queries/units'
import { jobDeliveries, reports } from '../../db/schema'
import { digestRecipients, digestWeek } from '../../src/jobs/digest'
import { runJob } from '../../src/jobs'
import { followUpUuid } from '../../src/documents/send-file'
import type { ScaleRig, Said } from './scale-rig'
import { LIAISONS_CHAT, OFFICE_CHAT } from './scale-world'

/** One timed run: until the reply went out, and until all the work it started was done. */
export type Outcome = { replyMs: number; doneMs: number; broke?: string; refused?: string }

export type Case = {
  label: string
  /** Reads history or builds a file: fewer runs. */
  heavy: boolean
  /** A file follows the reply. */
  file: boolean
  run(i: number): Promise<Outcome>
  /** After the runs: what broke, if anything (a report lost or stored twice). */
  check?(): Promise<string | null>
}

export const DIGEST_LABEL = 'digest job, 10 leaders'
export const SWEEP_LABEL = 'sweep'
export const EXPORT_LABEL = '/导出 上报 累计'

type Chat = { heavy?: boolean; file?: boolean; refusable?: boolean; chat?: string }

/**
 * Every chat command the issue times, sent by whoever would send it; then the digest job
 * (its claims for the week cleared before each run, so each run sends to every leader again)
 * and the sweep. The writes go last but one: /上报 from a different unit each run, /撤销 of
 * that report, /更正 in other units. The export goes last, as the one most likely to run out
 * of time or memory.
 */
export async function scaleCases(rig: ScaleRig): Promise<Case[]> {
  const db = rig.deps.database.db
  const [admin] = await peopleWithRole(db, 'admin')
  const [leader] = await peopleWithRole(db, 'leader')
  const units = await listUnits(db)
  const liaisons = await liaisonsOf(db)
  const perUnit = units.map((u) => liaisons.find((l) => l.unitId === u.id)!.openId)
  const liaison = (i: number) => perUnit[i % perUnit.length]!
  const other = (i: number) => perUnit[(i + Math.floor(perUnit.length / 2)) % perUnit.length]!
  const unit = units[Math.floor(units.length / 3)]!.name
  const reported: string[] = []

  const chat = (
    label: string,
    from: (i: number) => string,
    text: string | ((i: number) => string) = label,
    opts: Chat = {},
  ): Case => ({
    label,
    heavy: opts.heavy ?? false,
    file: opts.file ?? false,
    async run(i) {
      const before = rig.errors.length
      const typed = typeof text === 'string' ? text : text(i)
      const said = await rig.say(from(i), typed, opts.chat ?? OFFICE_CHAT)
      if (typed.startsWith('/上报')) reported.push(said.messageId)
      return judge(rig, said, before, opts)
    },
  })
  const asLeader = () => leader!.openId
  const asAdmin = () => admin!.openId
  const heavy = { heavy: true }
  return [
    chat('/统计 本周', asLeader),
    chat('/统计 累计', asLeader, undefined, heavy),
    chat('/进度 <单位>', asLeader, `/进度 ${unit}`),
    chat('/进度 <单位> 累计', asLeader, `/进度 ${unit} 累计`, heavy),
    chat('/未报', asAdmin),
    chat('/周报', asLeader, undefined, heavy),
    chat('/报告 周报', asAdmin, undefined, { heavy: true, file: true }),
    chat('/报告 月报', asAdmin, undefined, { heavy: true, file: true }),
    chat('/报告 累计', asAdmin, undefined, { heavy: true, file: true }),
    chat('/记录', liaison, undefined, { chat: LIAISONS_CHAT }),
    chat('/整改', asAdmin),
    digestCase(rig),
    sweepCase(rig),
    {
      ...chat('/上报 学习 3', liaison, undefined, { chat: LIAISONS_CHAT }),
      check: () => storedOnce(rig, reported),
    },
    chat('/撤销', liaison, undefined, { chat: LIAISONS_CHAT }),
    // A new figure each run: a unit met again (more runs than units) would already have it.
    chat('/更正 学习 <n>', other, (i) => `/更正 学习 ${9 + i}`, { chat: LIAISONS_CHAT }),
    chat(EXPORT_LABEL, asAdmin, undefined, { heavy: true, file: true, refusable: true }),
  ]
}

/** A reply that went out, without an error logged, red only where a refusal is an answer. */
function judge(rig: ScaleRig, said: Said, errorsBefore: number, opts: Chat): Outcome {
  const times = { replyMs: said.replyMs ?? said.doneMs, doneMs: said.doneMs }
  const logged = rig.errors.slice(errorsBefore)
  if (logged.length > 0) return { ...times, broke: logged.join('; ') }
  if (!said.reply || said.replyMs === null) return { ...times, broke: 'no reply' }
  if (said.reply.header?.template === 'red') {
    const text = said.reply.body.elements
      .map((e) => e.content)
      .filter(Boolean)
      .join(' ')
    return { ...times, [opts.refusable ? 'refused' : 'broke']: text }
  }
  const fileSent = rig.outbox.files.some((f) => f.uuid === followUpUuid('f', said.messageId))
  return opts.file && !fileSent ? { ...times, broke: 'no file' } : times
}

async function storedOnce(rig: ScaleRig, messageIds: string[]) {
  const db = rig.deps.database.db
  const [row] = await db
    .select({ n: count() })
    .from(reports)
    .where(inArray(reports.messageId, messageIds))
  const n = row?.n ?? 0
  return n === messageIds.length ? null : `${messageIds.length} /上报 stored ${n} reports`
}

function digestCase(rig: ScaleRig): Case {
  const { deps } = rig
  return {
    label: DIGEST_LABEL,
    heavy: true,
    file: false,
    async run() {
      const week = digestWeek(rig.clock())
      const claims = and(eq(jobDeliveries.job, 'digest'), eq(jobDeliveries.period, week))
      await deps.database.write((tx) => tx.delete(jobDeliveries).where(claims))
      const before = rig.errors.length
      const t0 = performance.now()
      const result = await runJob(deps, handlers, 'digest', { now: rig.clock(), week })
      const ms = performance.now() - t0
      const to = (await digestRecipients(deps)).length
      const broke =
        rig.errors.slice(before).join('; ') ||
        (result.sent !== to ? `sent ${result.sent} of ${to}` : undefined)
      return { replyMs: ms, doneMs: ms, ...(broke ? { broke } : {}) }
    },
  }
}

function sweepCase(rig: ScaleRig): Case {
  return {
    label: SWEEP_LABEL,
    heavy: false,
    file: false,
    async run() {
      const before = rig.errors.length
      const t0 = performance.now()
      await runJob(rig.deps, handlers, 'sweep', { now: rig.clock() })
      const ms = performance.now() - t0
      const broke = rig.errors.slice(before).join('; ')
      return { replyMs: ms, doneMs: ms, ...(broke ? { broke } : {}) }
    },
  }
}
