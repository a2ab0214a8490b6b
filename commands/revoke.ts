import { UsageError } from '../src/errors'
import { z } from 'zod'
import { correctionHistory } from '../db/queries/corrections'
import { listReports, revokeWrites, type ReportView } from '../db/queries/reports'
import { can } from '../src/domain/permissions'
import { defineAction, type Context } from '../src/handlers'
import { defineCommand } from '../src/handlers'
import { refuseIfLocked } from './locked-week'
import { storedReceipt } from './report'
import { parseRecordNumber } from './support'
import { replyCopies } from '../src/delivery/reply'
import { updateCopies } from '../src/delivery/update-cards'
import type { Card } from '../templates/card'

// A revocation is never undone: the figure goes back in as a new entry, and this says how.
const REENTER =
  '撤销不能恢复。要把数重新计入：本周、上周的发 /上报 或 /更正 指标 数量；更早的周请管理员发 /更正 单位 周 指标 数量。'

type Outcome = { status: 'revoked' | 'already'; report: ReportView }

/**
 * Once the revocation commits, the report's receipt (the reply to its /上报, or the form it
 * replaced) reads as revoked wherever it is, its 撤销 button gone; `except`, the copy clicked.
 */
function updateReceipt(ctx: Context, report: ReportView, receipt: Card, except?: string) {
  const copies = replyCopies(report.messageId)
  ctx.afterCommit((deps) => updateCopies(deps, copies, 'revoked', receipt, except))
}

/**
 * Revokes one whole report, once; only its own unit's liaisons or an admin may, and not in a
 * locked week: a figure that went upward changes only by a correction, marked as such. Stages
 * the revocation and gives the report back as it will stand; one revoked already comes back as
 * it is, with nothing staged.
 */
async function revoke(ctx: Context, reportId: number): Promise<Outcome> {
  const [report] = await listReports(ctx.db, { ids: [reportId] })
  if (!report) throw new UsageError(`没有记录号 #${reportId}。`, '发送 /记录 查看本单位的记录号。')
  if (!can(ctx.actor, 'report.revoke', { unitId: report.unitId })) {
    throw new UsageError(`记录 #${reportId} 不是你们单位的，不能撤销。`)
  }
  await refuseIfLocked(ctx, report.week, '撤销')
  // Revoking a correction would bring back none of what it replaced, leaving no figure at all.
  if ((await correctionHistory(ctx.db, [reportId])).corrections.has(reportId)) {
    throw new UsageError(
      `记录 #${reportId} 是一条更正，不能撤销。`,
      '要改数，再发一次 /更正 指标 正确的数（上周的加「上周」），例：/更正 学习 5。',
    )
  }
  if (report.revokedAt) return { status: 'already', report }
  ctx.stage(...revokeWrites(reportId, ctx.actor.openId, ctx.now))
  const revoked = { ...report, revokedBy: ctx.actor.openId, revokedAt: ctx.now }
  return { status: 'revoked', report: revoked }
}

export default defineCommand({
  name: '撤销',
  aliases: ['撤回'],
  summary: '撤销本单位最近一条上报（整条消息），或指定记录号的一条',
  usage: '/撤销 [记录号]',
  action: 'report.revoke',
  async run(ctx, args) {
    let reportId: number
    if (args.length > 0) {
      const parsed = parseRecordNumber(args[0]!)
      if (parsed === null)
        throw new UsageError(
          `「${args[0]}」不是记录号。`,
          '例：/撤销 12（记录号见上报回执或 /记录）',
        )
      reportId = parsed
    } else {
      if (ctx.actor.unitId === null) throw new UsageError('请写上要撤销的记录号，例：/撤销 12')
      const [last] = await listReports(ctx.db, {
        unitId: ctx.actor.unitId,
        includeRevoked: false,
        limit: 1,
      })
      if (!last) throw new UsageError('本单位没有可以撤销的上报记录。')
      reportId = last.id
    }
    const outcome = await revoke(ctx, reportId)
    if (outcome.status === 'already')
      throw new UsageError(`记录 #${reportId} 已经撤销过了，合计没有变化。`, REENTER)
    const receipt = await storedReceipt(ctx, outcome.report, { revoking: reportId })
    updateReceipt(ctx, outcome.report, receipt)
    return receipt
  },
})

export const revokeAction = defineAction({
  name: 'revoke',
  schema: z.object({ a: z.literal('revoke'), report: z.number().int().positive() }),
  action: 'report.revoke',
  async run(ctx, value) {
    const outcome = await revoke(ctx, value.report)
    // Already revoked, it counts as little with the revocation pending as without.
    const data = await storedReceipt(ctx, outcome.report, { revoking: value.report })
    if (outcome.status === 'revoked') updateReceipt(ctx, outcome.report, data, ctx.messageId)
    return {
      toast:
        outcome.status === 'revoked'
          ? { type: 'success', content: `已撤销记录 #${value.report}` }
          : { type: 'info', content: `记录 #${value.report} 已经撤销过了` },
      card: { type: 'raw', data },
    }
  },
})
