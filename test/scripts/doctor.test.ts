import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { migrateDatabase } from '../../db/migrate'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'

const ADMIN = 'ou_office_admin'
const LIAISONS = 'oc_liaisons'
const LEADERS = 'oc_leaders'

let fake: FakeLark
let dir: string
beforeEach(async () => {
  fake = await startFakeLark()
  fake.tenant.appSecret = 'the-secret'
  fake.tenant.chats.set(LIAISONS, { botIn: true }).set(LEADERS, { botIn: true })
  dir = mkdtempSync(join(tmpdir(), 'doctor-'))
  const client = createClient({ url: `file:${join(dir, 'tally.db')}` })
  await migrateDatabase(client)
  await client.execute({
    sql: 'insert into settings (key, value, updated_at) values (?, ?, 0), (?, ?, 0)',
    args: ['chat.liaisons', LIAISONS, 'chat.leaders', LEADERS],
  })
  client.close()
})
afterEach(async () => {
  await fake.close()
  rmSync(dir, { recursive: true, force: true })
})

it('says all is well for a healthy tenant, and the admin got the test message', async () => {
  const { code, stdout } = await doctor()
  expect(stdout).toContain('✓ 凭证有效')
  expect(stdout).toContain('✓ 机器人已启用：主题教育统计')
  expect(stdout).toContain(`✓ 机器人在联络员群 ${LIAISONS}`)
  expect(stdout).toContain(`✓ 能私聊管理员 ${ADMIN}`)
  expect(stdout).toContain('全部正常。')
  expect(stdout).not.toContain('✗')
  expect(code).toBe(0)
  expect(fake.sent.map((m) => [m.receiveId, m.msgType])).toEqual([[ADMIN, 'text']])
})

it('stops at a refused secret and names the page with the App Secret', async () => {
  const { code, stdout } = await doctor({ LARK_APP_SECRET: 'an-old-secret' })
  expect(stdout).toContain('✗ LARK_APP_SECRET 不对')
  expect(stdout).toContain('开发者后台 › 应用 › 凭证与基础信息')
  expect(stdout).not.toContain('机器人')
  expect(code).toBe(1)
})

it('says the bot capability is off, and that an unpublished app is not enabled', async () => {
  fake.tenant.bot = false
  const off = await doctor()
  expect(off.stdout).toContain('✗ 机器人能力未开启，去 开发者后台 › 应用 › 添加应用能力 › 机器人')
  expect(off.code).toBe(1)
  fake.tenant.bot = true
  fake.tenant.activateStatus = 0
  const unpublished = await doctor()
  expect(unpublished.stdout).toContain(
    '✗ 应用未发布或未启用（activate_status 0：初始化，企业待安装）',
  )
  expect(unpublished.stdout).toContain('版本管理与发布')
  expect(unpublished.code).toBe(1)
})

it('names a /设置 group the bot has left, and how to set it again', async () => {
  fake.tenant.chats.set(LEADERS, { botIn: false })
  const { code, stdout } = await doctor()
  expect(stdout).toContain(`✓ 机器人在联络员群 ${LIAISONS}`)
  expect(stdout).toContain(`✗ 机器人已不在周报群 ${LEADERS}：把机器人加回该群`)
  expect(stdout).toContain('@统计机器人 /设置 周报群')
  expect(stdout).toContain('有 1 处要处理。')
  expect(code).toBe(1)
})

it('names an admin outside 可用范围, found by the message Lark refused with 230013', async () => {
  fake.tenant.unavailable.push(ADMIN)
  const { code, stdout } = await doctor()
  expect(stdout).toContain(`✗ 管理员 ${ADMIN} 不在应用的可用范围内`)
  expect(stdout).toContain('版本管理与发布 › 可用范围')
  expect(fake.errorCodes).toContain(230013)
  expect(code).toBe(1)
})

it('names the scopes to grant when Lark answers 99991672', async () => {
  fake.tenant.scopes = ['im:message', 'im:chat.members:bot_access']
  const { code, stdout } = await doctor()
  expect(stdout).toContain('✗ 查不了联络员群：缺少权限（开通其一：im:chat, im:chat:readonly')
  expect(stdout).toContain('权限管理')
  expect(code).toBe(1)
})

function doctor(env: Record<string, string> = {}) {
  const settings = {
    DATABASE_URL: `file:${join(dir, 'tally.db')}`,
    LARK_APP_ID: SAMPLE_APP_ID,
    LARK_APP_SECRET: 'the-secret',
    LARK_DOMAIN: fake.url,
    ADMIN_OPEN_IDS: ADMIN,
    ...env,
  }
  return new Promise<{ code: number; stdout: string }>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/doctor.ts'],
      { env: { ...process.env, ...settings }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0
        if (typeof code !== 'number') reject(new Error(`${err?.message}\n${stderr}`))
        else resolve({ code, stdout })
      },
    ),
  )
}
