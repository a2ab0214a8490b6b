import { describe, expect, it } from 'vitest'
import { cardText } from '../support/bot'
import { CONSOLE_ADMIN, consoleApps } from './console-server'

const LIAISONS = 'oc_console_liaisons'
const STRANGER = 'ou_console_stranger'
const LOCAL_ADMIN = 'ou_local_admin'

const consoleApp = consoleApps()

describe('a console on an empty database', () => {
  it('offers a local admin, who can set the campaign up, and says how to seed demo data', async () => {
    const { app, call } = await consoleApp({ ADMIN_OPEN_IDS: '' })
    const state = (await call('/dev/api/state')).body
    expect(state.empty).toBe(true)
    expect(state.roster[0]).toEqual({ openId: LOCAL_ADMIN, name: '本地管理员', role: 'admin' })
    expect(await (await app.request('/dev')).text()).toContain('npm run demo')
    const p2p = `oc_console_p2p_${LOCAL_ADMIN}`
    await call('/dev/api/say', { as: LOCAL_ADMIN, chat: p2p, text: '/单位 添加 区财政局' })
    const reply = (await call(`/dev/api/chats/${p2p}`)).body.at(-1)
    expect(cardText(reply.card)).toContain('已添加：区财政局')
  })

  it('offers the first ADMIN_OPEN_IDS when there is one', async () => {
    const { call } = await consoleApp()
    const state = (await call('/dev/api/state')).body
    expect(state.roster[0]).toMatchObject({ openId: CONSOLE_ADMIN, role: 'admin' })
  })
})

describe('what the console shows', () => {
  it('puts a follow-up file in the chat, downloadable', async () => {
    const { call, app } = await consoleApp()
    const p2p = `oc_console_p2p_${CONSOLE_ADMIN}`
    await call('/dev/api/say', { as: CONSOLE_ADMIN, chat: p2p, text: '/报告 周报' })
    const chat = (await call(`/dev/api/chats/${p2p}`)).body
    const file = chat.find((e: { kind: string }) => e.kind === 'file')
    expect(file.name).toMatch(/\.docx$/)
    expect(chat.at(-1)).toEqual(file)
    const res = await app.request(`/dev/api/files/${file.key}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toContain('.docx')
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000)
  })

  it('sends a mistake in a group to its sender only, privately', async () => {
    const { call } = await consoleApp()
    await call('/dev/api/say', { as: STRANGER, chat: LIAISONS, text: '@统计机器人 /上报 学习 3' })
    const inGroup = (await call(`/dev/api/chats/${LIAISONS}?as=${STRANGER}`)).body
    expect(inGroup.filter((e: { kind: string }) => e.kind === 'bot')).toEqual([])
    const p2p = `oc_console_p2p_${STRANGER}`
    const mine = (await call(`/dev/api/chats/${p2p}?as=${STRANGER}`)).body.at(-1)
    expect(mine).toMatchObject({ kind: 'bot' })
    expect(cardText(mine.card)).toContain('尚未绑定单位')
    const others = (await call(`/dev/api/chats/${LIAISONS}?as=${CONSOLE_ADMIN}`)).body
    expect(others.filter((e: { kind: string }) => e.kind === 'bot')).toEqual([])
  })

  it('says a job’s result in words', async () => {
    const { call } = await consoleApp()
    const overdue = (await call('/dev/api/jobs/overdue', {})).body
    expect(overdue.summary).toMatch(/^整改提醒（\d{4}-\d{2}-\d{2}）：本次没有要发的消息。$/)
    const digest = (await call('/dev/api/jobs/digest', {})).body
    expect(digest.summary).toContain('周报')
    expect(`${overdue.summary}${digest.summary}`).not.toContain('undefined')
  })
})
