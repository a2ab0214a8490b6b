import { createHash } from 'node:crypto'
import type { people, units } from '../../db/schema'
import { DEMO_UNITS } from '../../src/dev/demo-data'

/** What one generated district is made of; the same values give the same database. */
export type ScaleParams = { units: number; weeks: number; seed: string; now: Date }

export type Random = {
  /** Uniform in [0, 1). */
  next(): number
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number
  chance(p: number): boolean
  pick<T>(xs: readonly T[]): T
}

/** sfc32 seeded from a hash of the seed: Math.random would make every generation differ. */
export function createRandom(seed: string): Random {
  const h = createHash('sha256').update(seed).digest()
  let [a, b, c, d] = [0, 4, 8, 12].map((i) => h.readUInt32LE(i)) as [number, number, number, number]
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  return { next, int, chance: (p) => next() < p, pick: (xs) => xs[int(0, xs.length - 1)]! }
}

const PLACES = [
  ...'城关东城西城南湖北山青山白沙金桥银河长安新华光明和平胜利建设红星前进团结幸福文昌凤凰龙泉桃源梅林松山柳岸石门清河高桥双江'.matchAll(
    /../g,
  ),
].map((m) => m[0])
const KINDS = [
  '街道党工委',
  '镇党委',
  '中学',
  '小学',
  '卫生院',
  '社区党委',
  '派出所',
  '供电所',
  '税务分局',
  '市场监管所',
  '司法所',
  '财政所',
]
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹']
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玲丹萍鹏辉']

export const LEADERS = 10
export const ADMINS = 3
export const LEADERS_CHAT = 'oc_scale_leaders'
export const LIAISONS_CHAT = 'oc_scale_liaisons'
export const OFFICE_CHAT = 'oc_scale_office'

export const liaisonId = (unit: number, i: number) => `ou_scale_u${unit}_${i}`
export const leaderId = (i: number) => `ou_scale_leader_${i}`
export const adminId = (i: number) => `ou_scale_admin_${i}`

export type World = {
  units: Array<typeof units.$inferInsert & { id: number; name: string }>
  people: Array<typeof people.$inferInsert>
  /** Open_ids of each unit's liaisons, by unit id. */
  liaisons: Map<number, string[]>
  leaders: Array<{ openId: string; name: string }>
}

/** The district's own units first, then places × kinds of body; 1–3 liaisons each. */
export function createWorld(params: ScaleParams, random: Random, createdAt: Date): World {
  const names = [...DEMO_UNITS.map((u) => u.name), ...shuffled(random, combos())]
  if (params.units > names.length) throw new Error(`at most ${names.length} units`)
  const person = () =>
    random.pick(SURNAMES) + random.pick(GIVEN) + (random.chance(0.5) ? random.pick(GIVEN) : '')
  const world: World = { units: [], people: [], liaisons: new Map(), leaders: [] }
  for (let id = 1; id <= params.units; id++) {
    world.units.push({ id, name: names[id - 1]!, aliases: [], active: true, createdAt })
    const count = random.chance(0.2) ? 1 : random.chance(0.75) ? 2 : 3
    const ids = Array.from({ length: count }, (_, i) => liaisonId(id, i))
    world.liaisons.set(id, ids)
    for (const openId of ids)
      world.people.push({ openId, name: person(), unitId: id, updatedAt: createdAt })
  }
  for (let i = 0; i < LEADERS; i++) {
    const leader = { openId: leaderId(i), name: person() }
    world.leaders.push(leader)
    world.people.push({ ...leader, role: 'leader', updatedAt: createdAt })
  }
  for (let i = 0; i < ADMINS; i++) {
    world.people.push({
      openId: adminId(i),
      name: `主题教育办·${person()}`,
      role: 'admin',
      updatedAt: createdAt,
    })
  }
  return world
}

const combos = () => PLACES.flatMap((p) => KINDS.map((k) => p + k))

function shuffled<T>(random: Random, xs: T[]): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** The fixed "now" the generated weeks end at: a Thursday morning, the week half reported. */
export const SCALE_NOW = new Date('2026-11-26T10:00:00+08:00')
