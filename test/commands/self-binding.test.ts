import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'
import type { Card } from '../../templates/card'

// Friday 2026-11-27 10:00 in Shanghai.
const FRIDAY = new Date('2026-11-27T02:00:00Z')
const office2 = { openId: 'ou_office2', name: '办公室二' }
const zhang = { openId: 'ou_zhang', name: '张三' }
const li = { openId: 'ou_li', name: '李四' }
const newcomer = { openId: 'ou_new', name: '新人' }

let bot: TestBot

beforeEach(async () => {
  bot = await createTestBot({ now: () => FRIDAY })
  await bot.say(ADMIN, '/单位 添加 区财政局 区统计局')
  await bot.say(ADMIN, '/角色 管理员 @_user_1', { mentions: [office2] })
})
afterEach(() => bot.close())

const sentTo = (who: { openId: string }) =>
  bot.outbox.items.filter((i) => i.kind === 'send' && i.to === `open_id:${who.openId}`)
const buttonValue = (card: Card, text: string) => {
  const found = JSON.stringify(card).match(
    new RegExp(
      `"content":"${text}"},"type":"\\w+","behaviors":\\[\\{"type":"callback","value":(\\{[^}]*\\})`,
    ),
  )
  return JSON.parse(found![1]!) as Record<string, unknown>
}
const unitOf = async (openId: string) =>
  (
    await bot.deps.database.client.execute({
      sql: 'select u.name from people p join units u on u.id = p.unit_id where p.open_id = ?',
      args: [openId],
    })
  ).rows[0]?.[0]

describe('/绑定 单位 from someone unbound', () => {
  it('asks every admin once, privately; approving binds them and tells them', async () => {
    const asked = await bot.say(newcomer, '/绑定 区财政局 新人')
    expect(cardText(asked)).toContain('已请管理员确认')
    await bot.say(newcomer, '/申请 区财政局 新人')
    for (const admin of [ADMIN, office2]) {
      const cards = sentTo(admin)
      expect(cards).toHaveLength(1)
      expect(cardText(cards[0]!.card)).toContain('申请成为「区财政局」的联络员')
      expect(cardText(cards[0]!.card)).toContain('该单位还没有联络员')
    }
    expect(await unitOf(newcomer.openId)).toBeUndefined()

    const approve = buttonValue(sentTo(ADMIN)[0]!.card, '同意')
    const staleReject = buttonValue(sentTo(office2)[0]!.card, '拒绝')
    const first = await bot.click(ADMIN, approve, { messageId: sentTo(ADMIN)[0]!.messageId })
    expect(first.body.toast.content).toContain('已绑定到「区财政局」')
    expect(cardText(first.body.card!.data)).toContain('已同意')
    expect(await unitOf(newcomer.openId)).toBe('区财政局')
    const told = sentTo(newcomer)
    expect(told).toHaveLength(1)
    expect(cardText(told[0]!.card)).toContain('你现在是「区财政局」的联络员')

    // The other admin's copy now says who decided, and has no buttons left to press …
    expect(cardText(sentTo(office2)[0]!.card)).toContain('联络员绑定申请 · 已同意')
    expect(JSON.stringify(sentTo(office2)[0]!.card)).not.toContain('"callback"')
    // … and a click that was under way on it changes nothing.
    const second = await bot.click(office2, staleReject)
    expect(second.body.toast.content).toContain('已是「区财政局」的联络员')
    expect(sentTo(newcomer)).toHaveLength(1)
    expect(cardText(await bot.say(newcomer, '/上报 学习 1'))).toContain('已记录')
  })

  it('answers a click delivered twice at once the same, binding and telling the person once', async () => {
    await bot.say(newcomer, '/绑定 区财政局 新人')
    const approve = buttonValue(sentTo(ADMIN)[0]!.card, '同意')
    const [a, b] = await Promise.all([
      bot.click(ADMIN, approve, { eventId: 'ev_bind_twice' }),
      bot.click(ADMIN, approve, { eventId: 'ev_bind_twice' }),
    ])
    expect([a.status, b.status]).toEqual([200, 200])
    expect(a.body.toast.content).toContain('已绑定到「区财政局」')
    expect(b.body).toEqual(a.body)
    expect(await unitOf(newcomer.openId)).toBe('区财政局')
    expect(sentTo(newcomer)).toHaveLength(1)
  })

  it('notes the unit’s liaisons on the admin card; a rejection tells the person', async () => {
    await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
    await bot.say(newcomer, '/绑定 财政局 新人')
    expect(cardText(sentTo(ADMIN)[0]!.card)).toContain('该单位已有联络员：张三')
    const reject = await bot.click(ADMIN, buttonValue(sentTo(ADMIN)[0]!.card, '拒绝'))
    expect(cardText(reject.body.card!.data)).toContain('已拒绝')
    expect(cardText(sentTo(newcomer)[0]!.card)).toContain('没有同意')
    expect(await unitOf(newcomer.openId)).toBeUndefined()
  })

  it('refuses a liaison binding others, and an admin binds several at once', async () => {
    await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
    const refused = await bot.say(zhang, '/绑定 @_user_1 区统计局', { mentions: [li] })
    expect(cardText(refused)).toContain('只有管理员可以替同事绑定单位')
    expect(await unitOf(li.openId)).toBeUndefined()
    const both = await bot.say(ADMIN, '/绑定 @_user_1 @_user_2 区统计局', {
      mentions: [zhang, li],
    })
    expect(cardText(both)).toContain('张三 已绑定为「区统计局」的联络员（原属「区财政局」')
    expect(cardText(both)).toContain('李四 已绑定为「区统计局」的联络员')
    expect([await unitOf(zhang.openId), await unitOf(li.openId)]).toEqual(['区统计局', '区统计局'])
  })

  it('binds someone mentioned twice once, saying where they came from', async () => {
    await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
    const twice = await bot.say(ADMIN, '/绑定 @_user_1 @_user_2 区统计局', {
      mentions: [zhang, zhang],
    })
    const lines = cardText(twice)
      .split('\n')
      .filter((l) => l.includes('已绑定为'))
    expect(lines).toEqual(['张三 已绑定为「区统计局」的联络员（原属「区财政局」，已转到新单位）。'])
    expect(await unitOf(zhang.openId)).toBe('区统计局')
  })
})

describe('/单位 简称', () => {
  it('sets short names that find the unit, and refuses one another unit holds', async () => {
    const set = await bot.say(ADMIN, '/单位 简称 区统计局 统计局 统计')
    expect(cardText(set)).toContain('「区统计局」的简称：统计局、统计')
    await bot.say(newcomer, '/绑定 统计 新人')
    expect(cardText(sentTo(ADMIN)[0]!.card)).toContain('「区统计局」')
    const taken = await bot.say(ADMIN, '/单位 简称 区财政局 统计局')
    expect(cardText(taken)).toContain('「统计局」已经是「区统计局」的名称或简称')
  })
})

describe('a liaison bound by request is known by name', () => {
  it('asks for the name, then shows it wherever the liaison appears, never the open_id', async () => {
    const unnamed = cardText(await bot.say(newcomer, '/绑定 区财政局'))
    expect(unnamed).toContain('请在单位名称后写上你的姓名')
    expect(unnamed).toContain('例：/绑定 区财政局 张三')
    expect(sentTo(ADMIN)).toHaveLength(0)

    await bot.say(newcomer, '/绑定 区财政局 高婷')
    const request = cardText(sentTo(ADMIN)[0]!.card)
    expect(request).toContain('高婷（<at id=ou_new></at>）申请成为「区财政局」的联络员')
    await bot.click(ADMIN, buttonValue(sentTo(ADMIN)[0]!.card, '同意'))
    await bot.say(newcomer, '/上报 上周 学习 2')

    const seen = [
      await bot.say(ADMIN, '/单位 列表'),
      await bot.say(ADMIN, '/记录 区财政局'),
      await bot.say(newcomer, '/记录'),
      await bot.say(ADMIN, '/未报 本周'),
    ].map(cardText)
    expect(seen[0]).toContain('区财政局 · 联络员：高婷')
    expect(seen[1]).toContain('上报人 高婷')
    expect(seen[2]).toContain('上报人 高婷')
    expect(seen[3]).toContain('联络员：高婷')
    for (const text of seen) expect(text).not.toContain('ou_new')
  })

  it('keeps a name it already knows, and refuses an id typed as a name', async () => {
    await bot.say(ADMIN, '/绑定 @_user_1 区财政局', { mentions: [zhang] })
    await bot.say(zhang, '/绑定 区统计局')
    expect(cardText(sentTo(ADMIN)[0]!.card)).toContain(
      '张三（<at id=ou_zhang></at>）申请成为「区统计局」',
    )
    const odd = cardText(await bot.say(newcomer, '/绑定 区财政局 ou_abc'))
    expect(odd).toContain('不像姓名')
  })

  it('calls someone whose name it never learnt by their unit, not by their id', async () => {
    await bot.deps.database.client.execute(
      "insert into people (open_id, name, unit_id, updated_at) values ('ou_nameless', '', 1, 0)",
    )
    const list = cardText(await bot.say(ADMIN, '/单位 列表'))
    expect(list).toContain('区财政局 · 联络员：（未留姓名）')
    await bot.say({ openId: 'ou_nameless' }, '/上报 学习 1')
    const records = cardText(await bot.say(ADMIN, '/记录 区财政局'))
    expect(records).toContain('上报人 区财政局联络员（未留姓名）')
    expect(list + records).not.toContain('ou_nameless')
  })
})
