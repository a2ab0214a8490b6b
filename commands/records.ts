import { UsageError } from '../src/errors'
import { correctionHistory } from '../db/queries/corrections'
import { listReports } from '../db/queries/reports'
import { personNames } from '../db/queries/people'
import { catalog } from '../src/domain/catalog'
import { can } from '../src/domain/permissions'
import { recordsCard } from '../templates/report-cards'
import { defineCommand } from '../src/handlers'
import { requireUnit } from './support'

const LIMIT = 15

export default defineCommand({
  name: '记录',
  summary: '最近的上报记录，含记录号和撤销情况',
  usage: '/记录 [单位]',
  action: 'stats.read.own',
  async run(ctx, args) {
    const unit = args.length > 0 ? await requireUnit(ctx.db, args.join(' ')) : undefined
    const unitId = unit?.id ?? ctx.actor.unitId ?? undefined
    if (
      !can(ctx.actor, 'stats.read.all') &&
      (unitId === undefined || !can(ctx.actor, 'stats.read.own', { unitId }))
    ) {
      throw new UsageError('联络员只能查看本单位的记录。', '发送 /记录 查看本单位。')
    }
    const reports = await listReports(ctx.db, { unitId, limit: LIMIT })
    const [nameOf, history] = await Promise.all([
      personNames(ctx.db),
      correctionHistory(
        ctx.db,
        reports.map((r) => r.id),
      ),
    ])
    const scope =
      unit?.name ?? (unitId !== undefined ? (reports[0]?.unitName ?? '本单位') : '全部单位')
    return recordsCard(catalog, {
      title: `上报记录 · ${scope}（最近 ${LIMIT} 条）`,
      reports,
      nameOf,
      history,
    })
  },
})
