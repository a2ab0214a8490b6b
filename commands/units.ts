import { UsageError } from '../src/errors'
import { liaisonsOf } from '../db/queries/people'
import { addUnits, listUnits, updateUnit } from '../db/queries/units'
import type { Db } from '../db/client'
import type { Unit } from '../db/schema'
import { can } from '../src/domain/permissions'
import { card, esc, md } from '../templates/card'
import { defineCommand, type CommandContext } from './define'
import { requireUnit } from './support'

const USAGE = '/单位 添加 名称… | 列表 | 改名 旧 新 | 停用 名称 | 启用 名称'
const MAX_NAME = 40

async function unitListCard(db: Db) {
  const all = await listUnits(db)
  const liaisons = await liaisonsOf(db)
  const line = (u: Unit, i: number) => {
    const names = liaisons.filter((p) => p.unitId === u.id).map((p) => esc(p.name || p.openId))
    const state = u.active ? '' : " <font color='grey'>（已停用）</font>"
    return `${i + 1}. ${esc(u.name)}${state} · 联络员：${names.length > 0 ? names.join('、') : '未绑定'}`
  }
  return card({
    title: '参学单位',
    subtitle: `共 ${all.filter((u) => u.active).length} 个在用`,
    elements: [
      md(all.length > 0 ? all.map(line).join('\n') : '还没有单位。发送 /单位 添加 单位名称'),
    ],
  })
}

const done = (text: string) => card({ title: '已完成', colour: 'green', elements: [md(text)] })

function requireAdmin(ctx: CommandContext) {
  if (!can(ctx.actor, 'units.manage')) throw new UsageError('只有管理员可以修改单位。')
}

function checkName(name: string) {
  if ([...name].length > MAX_NAME)
    throw new UsageError(`单位名称太长（最多 ${MAX_NAME} 个字）：「${name}」`)
  if (/^[#@/]/.test(name)) throw new UsageError(`单位名称不能以 # @ / 开头：「${name}」`)
}

export default defineCommand({
  name: '单位',
  summary: '管理参学单位：添加、列表、改名、停用',
  usage: USAGE,
  action: 'stats.read.all',
  async run(ctx, [sub, ...rest]) {
    switch (sub) {
      case undefined:
      case '列表':
        return unitListCard(ctx.db)
      case '添加': {
        requireAdmin(ctx)
        if (rest.length === 0)
          throw new UsageError('请写上单位名称，例：/单位 添加 区财政局 区教育局')
        rest.forEach(checkName)
        const { added, existing } = await addUnits(ctx.db, rest)
        const parts = [
          added.length > 0 ? `已添加：${added.map(esc).join('、')}` : '',
          existing.length > 0 ? `已存在，未重复添加：${existing.map(esc).join('、')}` : '',
        ]
        return done(parts.filter(Boolean).join('\n'))
      }
      case '改名': {
        requireAdmin(ctx)
        const [from, to] = rest
        if (!from || !to || rest.length !== 2)
          throw new UsageError('例：/单位 改名 区财政局 区财政局（国资办）')
        checkName(to)
        const unit = await requireUnit(ctx.db, from)
        if ((await listUnits(ctx.db)).some((u) => u.name === to && u.id !== unit.id)) {
          throw new UsageError(`已经有叫「${to}」的单位了。`)
        }
        await updateUnit(ctx.db, unit.id, {
          name: to,
          aliases: [...new Set([...unit.aliases, unit.name])],
        })
        return done(
          `「${esc(unit.name)}」已改名为「${esc(to)}」，历史记录保留；旧名称仍可用来查找。`,
        )
      }
      case '停用':
      case '启用': {
        requireAdmin(ctx)
        if (rest.length === 0) throw new UsageError(`例：/单位 ${sub} 区财政局`)
        const unit = await requireUnit(ctx.db, rest.join(' '))
        await updateUnit(ctx.db, unit.id, { active: sub === '启用' })
        return done(
          sub === '停用'
            ? `「${esc(unit.name)}」已停用：历史数据保留，不再计入应上报单位。`
            : `「${esc(unit.name)}」已重新启用。`,
        )
      }
      default:
        throw new UsageError(`不认识「${sub}」。`, `用法：${USAGE}`)
    }
  },
})
