import { UsageError } from '../src/errors'
import { settingWrite, getSetting } from '../db/queries/settings'
import { campaignStart, listTargets, TARGET_DEADLINE, targetWrites } from '../db/queries/targets'
import { listUnits } from '../db/queries/units'
import { catalog } from '../src/domain/catalog'
import { dateLabel, parseChineseDate } from '../src/domain/dates'
import { can } from '../src/domain/permissions'
import {
  completions,
  paced,
  parseTargetArgs,
  TARGET_USAGE,
  type DeadlineArgs,
  type TargetArgs,
} from '../src/domain/targets'
import { periodFor, shanghaiDate } from '../src/domain/week'
import { periodFigures } from '../src/documents/figures'
import { targetsCard, type TargetChange } from '../templates/target-cards'
import { defineCommand, type Context } from '../src/handlers'
import { requireUnit } from './support'

type Row = { unitId: number | null; indicator: string; amount: number }

/** Sets or clears one target; the rows as they stand after it, and what changed. */
async function setTarget(ctx: Context, args: TargetArgs, rows: Row[]) {
  const unit = args.unit ? await requireUnit(ctx.db, args.unit) : null
  const { indicator, amount } = args
  const unitId = unit?.id ?? null
  const same = (t: Omit<Row, 'amount'>) => t.unitId === unitId && t.indicator === indicator.key
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
  const after = rows.filter((t) => !same(t))
  if (amount !== null) after.push({ unitId, indicator: indicator.key, amount })
  const change: TargetChange = {
    kind: 'target',
    scope: unit?.name ?? '全区',
    name: indicator.name,
    amount,
    before,
    measure: indicator.measure,
  }
  return { rows: after, change }
}

/** The deadline every target is read against, as YYYY-MM-DD; null clears it. */
function deadlineOf(ctx: Context, args: DeadlineArgs): string | null {
  if (args.deadline === null) return null
  const parsed = parseChineseDate(args.deadline, shanghaiDate(ctx.now))
  if (!parsed.ok)
    throw new UsageError(parsed.error, '例：/目标 期限 1月31日、/目标 期限 2027-01-31')
  return parsed.date
}

/** The campaign's targets and how far each has come against the time gone; an admin sets them. */
export default defineCommand<TargetArgs | DeadlineArgs | null>({
  name: '目标',
  summary: '查看全区和各单位的目标完成情况与时间进度；管理员设定目标数和期限',
  usage: TARGET_USAGE,
  action: 'stats.read.all',
  parse: (args) => parseTargetArgs(args, catalog),
  async run(ctx, args) {
    if (args && !can(ctx.actor, 'targets.manage')) {
      throw new UsageError('只有管理员可以设定目标。', '发送 /目标 查看目标和完成情况。')
    }
    const cumulative = periodFor('累计', ctx.now)
    const [stored, figures, units, start, set] = await Promise.all([
      listTargets(ctx.db),
      periodFigures(ctx.db, catalog, cumulative),
      listUnits(ctx.db),
      campaignStart(ctx.db),
      getSetting(ctx.db, TARGET_DEADLINE),
    ])
    let rows: Row[] = stored
    let change: TargetChange | undefined
    let deadline = set || null
    if (args && 'deadline' in args) {
      const date = deadlineOf(ctx, args)
      // An empty value is no deadline: the settings table keeps every key it has had.
      ctx.stage(settingWrite(TARGET_DEADLINE, date ?? '', ctx.now))
      change = {
        kind: 'deadline',
        amount: date && dateLabel(date),
        before: deadline && dateLabel(deadline),
      }
      deadline = date
    } else if (args) {
      ;({ rows, change } = await setTarget(ctx, args, rows))
    }
    const timed = deadline && start ? { start, deadline } : null
    const all = paced(completions(catalog, rows, figures), timed, shanghaiDate(ctx.now))
    const nameOf = new Map(units.map((u) => [u.id, u.name]))
    const byUnit = new Map<number, typeof all>()
    for (const c of all)
      if (c.unitId !== null) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c])
    return targetsCard({
      change,
      district: all.filter((c) => c.unitId === null),
      deadline: deadline && dateLabel(deadline),
      units: [...byUnit].map(([id, items]) => ({ name: nameOf.get(id) ?? `单位 ${id}`, items })),
      asOf: cumulative.label,
    })
  },
})
