import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cardText } from '../support/bot'
import { CONSOLE_ADMIN, consoleApps } from './console-server'

const LARK = {
  LARK_APP_ID: 'cli_real',
  LARK_APP_SECRET: 'secret',
  LARK_VERIFICATION_TOKEN: 'token',
  LARK_ENCRYPT_KEY: 'key',
}
const LIAISONS = 'oc_console_liaisons'
const STRANGER = 'ou_console_stranger'

const consoleApp = consoleApps()

describe('where the console exists', () => {
  it('is served in local mode', async () => {
    const { app } = await consoleApp()
    const res = await app.request('/dev')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('本地对话台')
  })

  it('does not exist when Lark credentials are set without DEV_CONSOLE=1', async () => {
    const { app } = await consoleApp(LARK)
    expect((await app.request('/dev')).status).toBe(404)
    expect((await app.request('/dev/api/state')).status).toBe(404)
    expect((await app.request('/dev/api/demo', { method: 'POST' })).status).toBe(404)
  })

  it('is never reachable from the Workers entry', () => {
    const reached = importGraph(resolve('src/index.ts'))
    expect(
      [...reached].some((f) => f.includes('/src/dev/') || f.includes('/src/adapter/node/')),
    ).toBe(false)
    expect(reached.size).toBeGreaterThan(10)
  })
})

describe('the console next to a real Lark app (DEV_CONSOLE=1)', () => {
  const SECRET = 'console secret'
  const withKey = (key: string) => ({ headers: { 'x-console-key': key } })

  it('answers only with DEV_CONSOLE_SECRET, and without it nothing runs', async () => {
    const { app } = await consoleApp({ ...LARK, DEV_CONSOLE: '1', DEV_CONSOLE_SECRET: SECRET })
    const refused = await app.request('/dev/api/state')
    expect(refused.status).toBe(401)
    expect(await refused.text()).toMatch(/密钥.*key/)
    expect((await app.request('/dev/api/state', withKey('guess'))).status).toBe(401)
    const say = { as: CONSOLE_ADMIN, chat: LIAISONS, text: '@统计机器人 /单位 添加 区财政局' }
    const post = { method: 'POST', body: JSON.stringify(say) }
    expect((await app.request('/dev/api/say', post)).status).toBe(401)
    expect((await app.request('/dev/api/jobs/digest', { method: 'POST' })).status).toBe(401)

    expect((await app.request('/dev/api/state', withKey(SECRET))).status).toBe(200)
    const chat = await app.request(`/dev/api/chats/${LIAISONS}`, withKey(SECRET))
    expect(await chat.json()).toEqual([])
  })

  it('opens the page from the link’s ?key=; its scripts load without it', async () => {
    const { app } = await consoleApp({ ...LARK, DEV_CONSOLE: '1', DEV_CONSOLE_SECRET: SECRET })
    expect((await app.request('/dev')).status).toBe(401)
    expect((await app.request(`/dev?key=${encodeURIComponent(SECRET)}`)).status).toBe(200)
    expect((await app.request('/dev/assets/console.js')).status).toBe(200)
  })

  it('makes up a key at each start when DEV_CONSOLE_SECRET is not set', async () => {
    const first = await consoleApp({ ...LARK, DEV_CONSOLE: '1' })
    const second = await consoleApp({ ...LARK, DEV_CONSOLE: '1' })
    expect(first.key).toMatch(/^[\w-]{32}$/)
    expect(first.key).not.toBe(second.key)
    expect((await first.app.request('/dev/api/state')).status).toBe(401)
    expect((await first.app.request('/dev/api/state', withKey(second.key!))).status).toBe(401)
    expect((await first.app.request('/dev/api/state', withKey(first.key!))).status).toBe(200)
  })

  it('needs no key in local mode, where nothing real can be reached', async () => {
    const { app, key } = await consoleApp({ DEV_CONSOLE_SECRET: SECRET })
    expect(key).toBeUndefined()
    expect((await app.request('/dev/api/state')).status).toBe(200)
  })
})

/** As the office, types the two commands that make 路人甲 (STRANGER) a liaison of 区财政局. */
async function consoleWithLiaison() {
  const app = await consoleApp()
  await app.call('/dev/api/say', {
    as: CONSOLE_ADMIN,
    chat: LIAISONS,
    text: '@统计机器人 /单位 添加 区财政局',
  })
  await app.call('/dev/api/say', {
    as: CONSOLE_ADMIN,
    chat: LIAISONS,
    text: '@统计机器人 /绑定 @路人甲 区财政局',
  })
  return app
}

describe('talking to the bot through the console', () => {
  it('turns a typed @名字 into a real mention, so /绑定 binds that person', async () => {
    const { call } = await consoleWithLiaison()
    const state = await call('/dev/api/state')
    expect(state.body.roster).toContainEqual(
      expect.objectContaining({ openId: STRANGER, role: 'liaison', unit: '区财政局' }),
    )
    const chat = (await call(`/dev/api/chats/${LIAISONS}`)).body
    expect(chat.map((e: any) => (e.kind === 'user' ? e.text : 'bot'))).toEqual([
      '@统计机器人 /单位 添加 区财政局',
      'bot',
      '@统计机器人 /绑定 @路人甲 区财政局',
      'bot',
    ])
  })

  it('shows the receipt, and a click on 撤销 goes through card.action.trigger', async () => {
    const { call } = await consoleWithLiaison()
    const said = await call('/dev/api/say', {
      as: STRANGER,
      chat: LIAISONS,
      text: '@统计机器人 /上报 学习 3',
    })
    expect(said.status).toBe(200)
    const receipt = (await call(`/dev/api/chats/${LIAISONS}`)).body.at(-1)
    expect(cardText(receipt.card)).toContain('集中学习 3次')
    const value = findButton(receipt.card, '撤销').behaviors[0].value
    const clicked = await call('/dev/api/click', { as: STRANGER, item: receipt.item, value })
    expect(clicked.body.toast.content).toMatch(/已撤销记录 #\d+/)
    const updated = (await call(`/dev/api/chats/${LIAISONS}`)).body.at(-1)
    expect(updated).toMatchObject({ item: receipt.item, updated: true })
    expect(cardText(updated.card)).toContain('已撤销')
  })

  it('says what is wrong with a bad request instead of failing', async () => {
    const { call } = await consoleApp()
    expect(
      (await call('/dev/api/say', { as: STRANGER, chat: 'oc_nowhere', text: '/帮助' })).body,
    ).toEqual({ error: '没有这个会话：oc_nowhere' })
    expect((await call('/dev/api/say', { as: STRANGER, chat: LIAISONS, text: ' ' })).body).toEqual({
      error: '消息不能为空',
    })
    // Lark would not deliver a group message that does not @ the bot; the console says so.
    const unaddressed = await call('/dev/api/say', { as: STRANGER, chat: LIAISONS, text: '/帮助' })
    expect(unaddressed.status).toBe(400)
    expect(unaddressed.body.error).toContain('@统计机器人 /帮助')
    expect((await call('/dev/api/jobs/nothing', {})).status).toBe(400)
  })
})

function findButton(node: unknown, label: string): any {
  if (!node || typeof node !== 'object') return undefined
  const n = node as any
  if (n.tag === 'button' && String(n.text?.content).includes(label)) return n
  for (const v of Object.values(n)) {
    const hit = findButton(v, label)
    if (hit) return hit
  }
}

/** Files reachable from an entry through relative imports. */
function importGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen
  seen.add(entry)
  const source = readFileSync(entry, 'utf8')
  for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
    const base = join(dirname(entry), spec!)
    const file = [`${base}.ts`, join(base, 'index.ts'), base].find((f) => {
      try {
        return readFileSync(f) && true
      } catch {
        return false
      }
    })
    if (file?.endsWith('.ts')) importGraph(file, seen)
  }
  return seen
}
