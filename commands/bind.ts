import { UsageError } from '../src/errors'
import { findPerson, personWrite } from '../db/queries/people'
import { unitById } from '../db/queries/units'
import { card, esc, md } from '../templates/card'
import type { Unit } from '../db/schema'
import { can } from '../src/domain/permissions'
import { requestBinding } from './bind-request'
import { defineCommand, type Context, type Mention } from '../src/handlers'
import { requireUnit } from './support'

const done = (text: string) => card({ title: '已完成', colour: 'green', elements: [md(text)] })

/** The one @mention an admin command is about; typed '@名字' without a real mention is not enough. */
function requireMention(ctx: Context, example: string) {
  if (ctx.mentions.length !== 1) {
    throw new UsageError('请 @ 一位同事（用 @ 选择，而不是手打名字）。', `例：${example}`)
  }
  return ctx.mentions[0]!
}

export const bind = defineCommand({
  name: '绑定',
  aliases: ['申请'],
  summary: '申请成为某单位的联络员，管理员同意后即可上报；管理员可 @ 一位或几位同事直接绑定',
  usage: '/绑定 单位名称 你的姓名 · /绑定 @某人 [@某人 …] 单位名称',
  action: 'people.request',
  async run(ctx, args) {
    const unitText = args.filter((a) => !a.startsWith('@')).join(' ')
    if (ctx.mentions.length === 0) return requestBinding(ctx, unitText)
    if (!can(ctx.actor, 'people.manage')) {
      throw new UsageError(
        '只有管理员可以替同事绑定单位，这条消息没有记录。',
        '要绑定自己，请发送「/绑定 单位名称 你的姓名」，管理员同意后即可上报。',
        '没有权限',
      )
    }
    if (!unitText) throw new UsageError('请写上单位名称，例：/绑定 @张三 @李四 区财政局')
    const unit = await requireUnit(ctx.db, unitText)
    if (!unit.active) throw new UsageError(`「${unit.name}」已停用，请先 /单位 启用 ${unit.name}`)
    // Each person once, however often mentioned: every line is read before anything is written.
    const whom = ctx.mentions.filter(
      (m, i, all) => all.findIndex((o) => o.openId === m.openId) === i,
    )
    const lines = []
    for (const who of whom) lines.push(await bindOne(ctx, who, unit))
    return done(
      `${lines.join('\n')}\n现在可以发送 /上报 取一张填写表，或直接发送 /上报 学习 3 上报本单位的数。`,
    )
  },
})

/** Binds one person to `unit`, saying where they came from. */
async function bindOne(ctx: Context, who: Mention, unit: Unit) {
  const before = await findPerson(ctx.db, who.openId)
  const previous =
    before?.unitId && before.unitId !== unit.id ? await unitById(ctx.db, before.unitId) : undefined
  ctx.stage(personWrite({ openId: who.openId, name: who.name, unitId: unit.id }, ctx.now))
  const moved = previous ? `（原属「${esc(previous.name)}」，已转到新单位）` : ''
  return `${esc(who.name)} 已绑定为「${esc(unit.name)}」的联络员${moved}。`
}

export const unbind = defineCommand({
  name: '解绑',
  summary: '取消一位同事的联络员身份（历史记录保留）',
  usage: '/解绑 @某人',
  action: 'people.manage',
  async run(ctx) {
    const who = requireMention(ctx, '/解绑 @张三')
    const before = await findPerson(ctx.db, who.openId)
    if (!before?.unitId) throw new UsageError(`${who.name} 不是任何单位的联络员。`)
    const unit = await unitById(ctx.db, before.unitId)
    ctx.stage(personWrite({ openId: who.openId, name: who.name, unitId: null }, ctx.now))
    return done(`${esc(who.name)} 已不再是「${esc(unit?.name ?? '')}」的联络员，已上报的记录保留。`)
  },
})

const ROLES = { 领导: 'leader', 管理员: 'admin' } as const

export const role = defineCommand({
  name: '角色',
  summary: '设置或取消领导、管理员身份',
  usage: '/角色 领导|管理员|取消 @某人',
  action: 'people.manage',
  async run(ctx, [kind]) {
    const who = requireMention(ctx, '/角色 领导 @李四')
    if (kind === '取消') {
      ctx.stage(personWrite({ openId: who.openId, name: who.name, role: null }, ctx.now))
      const note = ctx.config.adminOpenIds.includes(who.openId)
        ? '（此人在 ADMIN_OPEN_IDS 中，仍是管理员）'
        : ''
      return done(`已取消 ${esc(who.name)} 的领导/管理员身份${note}。`)
    }
    const role = kind && kind in ROLES ? ROLES[kind as keyof typeof ROLES] : undefined
    if (!role)
      throw new UsageError(
        `不认识「${kind ?? ''}」。`,
        '例：/角色 领导 @李四、/角色 管理员 @王五、/角色 取消 @李四',
      )
    ctx.stage(personWrite({ openId: who.openId, name: who.name, role }, ctx.now))
    return done(`${esc(who.name)} 现在是${kind}。`)
  },
})
