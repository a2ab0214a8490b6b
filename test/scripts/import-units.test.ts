import { afterEach, beforeEach, expect, it } from 'vitest'
import { importUnits } from '../../db/queries/import-units'
import { parseUnitsCsv } from '../../src/domain/units-csv'
import { ADMIN, cardText, createTestBot, type TestBot } from '../support/bot'

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
  const first = await bot.deps.database.write((tx) => importUnits(tx, rows, new Date()))
  const second = await bot.deps.database.write((tx) => importUnits(tx, rows, new Date()))
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
  const result = await bot.deps.database.write((tx) => importUnits(tx, rows, new Date()))
  expect(result).toMatchObject({ unitsAdded: 1, units: 2, liaisons: 1 })
  const list = cardText(await bot.say(ADMIN, '/单位 列表'))
  expect(list).toContain('区教育局（体育局）')
  expect(cardText(await bot.say({ openId: 'ou_c' }, '/上报 学习 2'))).toContain('区财政局(国资办)')
})
