import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SAMPLE_APP_ID } from '../../src/lark/payloads'
import { startFakeLark, type FakeLark } from '../../src/local/fake-lark'
import { importUnits } from '../../db/queries/import-units'
import { parseUnitsCsv } from '../../src/domain/units-csv'
import { ADMIN, cardText, createTestBot, ENCRYPT_KEY, type TestBot } from '../support/bot'
import { VERIFICATION_TOKEN } from '../support/events'

const CSV = `\uFEFF单位,简称,联络员open_id,联络员姓名
区财政局,财政;财政局,ou_a,"张三"
区财政局,,ou_b,李四
"区教育局, 体育局",教体,,
`

let bot: TestBot
beforeEach(async () => {
  bot = await createTestBot({ now: () => new Date('2026-11-27T02:00:00Z') })
})
afterEach(() => bot.close())

it('parses quoted fields, BOM, aliases and empty liaison columns', () => {
  const rows = parseUnitsCsv(CSV)
  expect(rows.map((r) => [r.unit, r.aliases, r.liaisonOpenId])).toEqual([
    ['区财政局', ['财政', '财政局'], 'ou_a'],
    ['区财政局', [], 'ou_b'],
    ['区教育局, 体育局', ['教体'], null],
  ])
})

it('names the line of a bad open_id', () => {
  expect(() => parseUnitsCsv('unit,liaison_open_id\n区财政局,zhangsan\n')).toThrow(/line 2/)
})

it('imports idempotently, and the bot sees the units and liaisons', async () => {
  const rows = parseUnitsCsv(CSV)
  const first = await bot.deps.database.write((tx) => importUnits(tx, rows, bot.deps.clock()))
  const second = await bot.deps.database.write((tx) => importUnits(tx, rows, bot.deps.clock()))
  expect(first).toMatchObject({ unitsAdded: 2, units: 2, liaisons: 2 })
  expect(second).toMatchObject({ unitsAdded: 0, units: 2 })
  const count = await bot.deps.database.client.execute('select count(*) from units')
  expect(count.rows[0]![0]).toBe(2)
  expect(cardText(await bot.say({ openId: 'ou_b' }, '/上报 学习 2'))).toContain('区财政局')
  expect(cardText(await bot.say({ openId: 'ou_a' }, '/进度 教体'))).toContain('只能查看本单位')
})

it('keeps names as written, and takes a unit added before with half-width brackets as the same', async () => {
  await bot.say(ADMIN, '/单位 添加 区财政局(国资办)')
  const rows = parseUnitsCsv('单位,联络员open_id\n区财政局（国资办）,ou_c\n区教育局（体育局）,\n')
  expect(rows.map((r) => r.unit)).toEqual(['区财政局（国资办）', '区教育局（体育局）'])
  const result = await bot.deps.database.write((tx) => importUnits(tx, rows, bot.deps.clock()))
  expect(result).toMatchObject({ unitsAdded: 1, units: 2, liaisons: 1 })
  const list = cardText(await bot.say(ADMIN, '/单位 列表'))
  expect(list).toContain('区教育局（体育局）')
  expect(cardText(await bot.say({ openId: 'ou_c' }, '/上报 学习 2'))).toContain('区财政局(国资办)')
})

describe('npm run units:import with 手机号 and 邮箱', () => {
  let fake: FakeLark
  let dir: string
  beforeEach(async () => {
    fake = await startFakeLark()
    fake.users.push(
      { openId: 'ou_by_mobile', mobile: '13800000001' },
      { openId: 'ou_by_email', email: 'li@example.gov.cn' },
    )
    dir = mkdtempSync(join(tmpdir(), 'units-import-'))
  })
  afterEach(async () => {
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const importCsv = (csv: string) => {
    const file = join(dir, 'units.csv')
    writeFileSync(file, csv)
    return runImport(file, {
      DATABASE_URL: `file:${join(dir, 'tally.db')}`,
      LARK_APP_ID: SAMPLE_APP_ID,
      LARK_APP_SECRET: 's',
      LARK_DOMAIN: fake.url,
      LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    })
  }

  it('looks open_ids up in Lark, lists whom it cannot find, and changes nothing on a second run', async () => {
    const csv = `单位,联络员姓名,手机号,邮箱
区财政局,张三,138 0000 0001,
区教育局,李四,,li@example.gov.cn
区教育局,王五,13900000009,
`
    const first = await importCsv(csv)
    expect(first.stdout).toContain('units: 2 (2 new); liaisons bound: 2')
    expect(first.stdout).toContain('line 4: 王五 13900000009 (区教育局)')
    const people = await dbRows(dir, 'select open_id, name from people order by open_id')
    expect(people).toEqual([
      ['ou_by_email', '李四'],
      ['ou_by_mobile', '张三'],
    ])
    const second = await importCsv(csv)
    expect(second.stdout).toContain('units: 2 (0 new); liaisons bound: 0')
    expect(await dbRows(dir, 'select open_id, name from people order by open_id')).toEqual(people)
  })
})

function runImport(file: string, env: Record<string, string>) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/import-units.ts', file],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve({ stdout, stderr }),
    ),
  )
}

async function dbRows(dir: string, sql: string) {
  const client = createClient({ url: `file:${join(dir, 'tally.db')}` })
  try {
    return (await client.execute(sql)).rows.map((r) =>
      Array.from({ length: r.length }, (_, i) => r[i]),
    )
  } finally {
    client.close()
  }
}
