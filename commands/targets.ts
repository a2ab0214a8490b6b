import { UsageError } from '../src/errors'
import { listTargets, targetWrites } from '../db/queries/targets'
import { listUnits } from '../db/queries/units'
import { catalog } from '../src/domain/catalog'
import { can } from '../src/domain/permissions'
import { completions, parseTargetArgs, TARGET_USAGE, type TargetArgs } from '../src/domain/targets'
import { periodFor } from '../src/domain/week'
import { periodFigures } from '../src/reports/figures'
import { targetsCard } from '../templates/target-cards'
import { defineCommand } from '../src/handlers'
import { requireUnit } from './support'

/** The campaign's targets and how far each has come; an admin sets or clears one. */
export default defineCommand<TargetArgs | null>({
  name: '目标',
  summary: '查看全区和各单位的目标完成情况；管理员设定目标数',
  usage: TARGET_USAGE,
  action: 'stats.read.all',
  parse: (args) => parseTargetArgs(args, catalog),
  async run(ctx, args) {
    if (args && !can(ctx.actor, 'targets.manage')) {
      throw new UsageError('只有管理员可以设定目标。', '发送 /目标 查看目标和完成情况。')
    }
    const unit = args?.unit ? await requireUnit(ctx.db, args.unit) : null
    const cumulative = periodFor('累计', ctx.now)
    const [stored, figures, units] = await Promise.all([
      listTargets(ctx.db),
      periodFigures(ctx.db, catalog, cumulative),
      listUnits(ctx.db),
    ])
    let rows: Array<{ unitId: number | null; indicator: string; amount: number }> = stored
    let change
    if (args) {
      const { indicator, amount } = args
      const unitId = unit?.id ?? null
      const same = (t: { unitId: number | null; indicator: string }) =>
        t.unitId === unitId && t.indicator === indicator.key
      const before = rows.find(same)?.amount ?? null
      if (amount === null && before === null) {
        throw new UsageError(`${unit?.name ?? '全区'}的「${indicator.name}」本来就没有目标。`)
      }
      ctx.stage(
        ...targetWrites({
          unitId,
          indicator: indicator.key,
          amount,
          setBy: ctx.sender.openId,
          at: ctx.now,
        }),
      )
      rows = rows.filter((t) => !same(t))
      if (amount !== null) rows.push({ unitId, indicator: indicator.key, amount })
      change = {
        scope: unit?.name ?? '全区',
        name: indicator.name,
        amount,
        before,
        measure: indicator.measure,
      }
    }
    const all = completions(catalog, rows, figures)
    const nameOf = new Map(units.map((u) => [u.id, u.name]))
    const byUnit = new Map<number, typeof all>()
    for (const c of all)
      if (c.unitId !== null) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c])
    return targetsCard({
      change,
      district: all.filter((c) => c.unitId === null),
      units: [...byUnit].map(([id, items]) => ({ name: nameOf.get(id) ?? `单位 ${id}`, items })),
      asOf: cumulative.label,
    })
  },
})
