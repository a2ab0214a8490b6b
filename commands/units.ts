import { UsageError } from '../src/errors'
import { liaisonsOf } from '../db/queries/people'
import { addUnitsWrites, listUnits, sameName, unitsToAdd, unitWrite } from '../db/queries/units'
import { toHalfWidth } from '../src/domain/normalize'
import { personLabel } from '../src/domain/names'
import { card, esc, md } from '../templates/card'
import { namesLine, unitListCard } from '../templates/unit-cards'
import { defineCommand } from '../src/handlers'
import { routeSubcommands, usagesOf, type Subcommand } from './subcommands'
import { parsePage, requireUnit } from './support'

const MAX_NAME = 40

const done = (text: string) => card({ title: '已完成', colour: 'green', elements: [md(text)] })

const ADMIN_ONLY = { action: 'units.manage', refusal: '只有管理员可以修改单位。' } as const

function checkName(name: string) {
  if ([...name].length > MAX_NAME)
    throw new UsageError(`单位名称太长（最多 ${MAX_NAME} 个字）：「${name}」`)
  if (/^[#@/]/.test(toHalfWidth(name)))
    throw new UsageError(`单位名称不能以 # @ / 开头：「${name}」`)
}

const list: Subcommand = {
  words: ['列表'],
  usage: '列表 [页码]',
  async run(ctx, rest) {
    const page = rest.length > 0 ? parsePage(rest.join('')) : 1
    if (page === null) throw new UsageError(`看不懂「${rest.join(' ')}」。`, '例：/单位 列表 2')
    const [all, liaisons] = await Promise.all([listUnits(ctx.db), liaisonsOf(ctx.db)])
    const names = (unitId: number) =>
      liaisons.filter((p) => p.unitId === unitId).map((p) => personLabel(p.name))
    return unitListCard(all, names, page)
  },
}

const add: Subcommand = {
  words: ['添加'],
  usage: '添加 名称…',
  needs: ADMIN_ONLY,
  async run(ctx, names) {
    if (names.length === 0) throw new UsageError('请写上单位名称，例：/单位 添加 区财政局 区教育局')
    names.forEach(checkName)
    const { fresh, existing } = await unitsToAdd(ctx.db, names)
    ctx.stage(...addUnitsWrites(fresh, ctx.now))
    const parts = [
      fresh.length > 0 ? `已添加：${namesLine(fresh)}` : '',
      existing.length > 0 ? `已存在，未重复添加：${namesLine(existing)}` : '',
    ]
    return done(parts.filter(Boolean).join('\n'))
  },
}

const rename: Subcommand = {
  words: ['改名'],
  usage: '改名 旧 新',
  needs: ADMIN_ONLY,
  async run(ctx, rest) {
    const [from, to] = rest
    if (!from || !to || rest.length !== 2)
      throw new UsageError('例：/单位 改名 区财政局 区财政局（国资办）')
    checkName(to)
    const unit = await requireUnit(ctx.db, from)
    if ((await listUnits(ctx.db)).some((u) => sameName(u.name, to) && u.id !== unit.id)) {
      throw new UsageError(`已经有叫「${to}」的单位了。`)
    }
    ctx.stage(unitWrite(unit.id, { name: to, aliases: [...new Set([...unit.aliases, unit.name])] }))
    return done(`「${esc(unit.name)}」已改名为「${esc(to)}」，历史记录保留；旧名称仍可用来查找。`)
  },
}

/** Short names liaisons and leaders type for a unit: each must point at this unit only. */
const shortNames: Subcommand = {
  words: ['简称'],
  usage: '简称 单位 简称…',
  needs: ADMIN_ONLY,
  async run(ctx, [unitWord, ...shorts]) {
    if (!unitWord || shorts.length === 0) throw new UsageError('例：/单位 简称 区统计局 统计局')
    shorts.forEach(checkName)
    const unit = await requireUnit(ctx.db, unitWord)
    const others = (await listUnits(ctx.db)).filter((u) => u.id !== unit.id)
    for (const short of shorts) {
      const taken = others.find((u) => [u.name, ...u.aliases].some((n) => sameName(n, short)))
      if (taken) {
        throw new UsageError(`「${short}」已经是「${taken.name}」的名称或简称，没有修改。`)
      }
    }
    const aliases = [...new Set([...unit.aliases, ...shorts])]
    ctx.stage(unitWrite(unit.id, { aliases }))
    return done(`「${esc(unit.name)}」的简称：${esc(aliases.join('、'))}。写简称也能找到这个单位。`)
  },
}

const setActive = (word: '停用' | '启用'): Subcommand => ({
  words: [word],
  usage: `${word} 名称`,
  needs: ADMIN_ONLY,
  async run(ctx, rest) {
    if (rest.length === 0) throw new UsageError(`例：/单位 ${word} 区财政局`)
    const unit = await requireUnit(ctx.db, rest.join(' '))
    ctx.stage(unitWrite(unit.id, { active: word === '启用' }))
    return done(
      word === '停用'
        ? `「${esc(unit.name)}」已停用：历史数据保留，不再计入应上报单位。`
        : `「${esc(unit.name)}」已重新启用。`,
    )
  },
})

// Table order is the order of the usage line.
const SUBCOMMANDS = [add, list, rename, shortNames, setActive('停用'), setActive('启用')]
const USAGE = `/单位 ${usagesOf(SUBCOMMANDS).join(' | ')}`

export default defineCommand({
  name: '单位',
  summary: '管理参学单位：添加、列表、改名、简称、停用',
  usage: USAGE,
  action: 'stats.read.all',
  run: routeSubcommands(SUBCOMMANDS, { bare: list, usage: USAGE }),
})
