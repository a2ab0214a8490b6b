import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { ADMIN, createTestBot, type TestBot } from '../support/bot'
import { messageEvent } from '../support/events'

// Monday 2026-11-30 09:00 in Shanghai.
const NOW = new Date('2026-11-30T01:00:00Z')
let fake: FakeLark
let bot: TestBot

beforeEach(async () => {
  fake = await startFakeLark()
  bot = await createTestBot({
    now: () => NOW,
    env: { LARK_APP_ID: SAMPLE_APP_ID, LARK_APP_SECRET: 's', LARK_DOMAIN: fake.url },
  })
  fake.users.push(
    { openId: 'ou_gao', name: '高婷' },
    { openId: ADMIN.openId, name: '王主任' },
    { openId: 'ou_zhang', name: '另一个名字' },
  )
  const sql = bot.deps.database.client
  await sql.execute("insert into units (name) values ('区财政局')")
  // Bound before a request carried a name; one Lark does not know; one already named.
  await sql.execute(
    "insert into people (open_id, name, unit_id, updated_at) values ('ou_gao', '', 1, 0), ('ou_ghost', '', 1, 0), ('ou_zhang', '张三', 1, 0)",
  )
})
afterEach(async () => {
  await bot.close()
  await fake.close()
})

/** What /单位 列表 shows the office, as Lark received the reply. */
async function unitList() {
  const event = messageEvent({ text: '/单位 列表', sender: ADMIN, chatType: 'p2p', at: NOW })
  const id = event.event.message.message_id
  fake.messageChats.set(id, event.event.message.chat_id)
  expect((await bot.post(event)).status).toBe(200)
  return JSON.stringify(
    (await fake.waitFor((m) => m.kind === 'reply' && m.messageId === id)).content,
  )
}

describe('the names job', () => {
  it('names from Lark whoever the bot knew only by id, and keeps the names it has', async () => {
    const result = await bot.runJob('names', { now: NOW })
    expect(result).toMatchObject({ job: 'names', sent: 2 })
    expect(result.skipped).toContain('would not name 1')
    const list = await unitList()
    expect(list).toContain('联络员：高婷、（未留姓名）、张三')
    expect(list).not.toContain('ou_')
    const names = await bot.deps.database.client.execute(
      "select name from people where open_id = 'ou_admin'",
    )
    expect(names.rows[0]?.[0]).toBe('王主任')
    expect(await bot.runJob('names', { now: NOW })).toMatchObject({ sent: 0 })
  })

  it('names nobody, and fails nothing, without the contact scope', async () => {
    fake.tenant.scopes = ['im:message']
    const result = await bot.runJob('names', { now: NOW })
    expect(result).toMatchObject({ sent: 0 })
    expect(result.skipped).toContain('would not name 3')
    expect(await unitList()).toContain('（未留姓名）')
  })
})
