import { describe, expect, it } from 'vitest'
import { xlsxFiles, type Cell, type Sheet, type StreamedSheet } from '../../src/files/xlsx'
import { readXlsx } from './read-xlsx'

const HEADER = ['记录号', '单位', '数量', '备注']

/** Rows in pages, as the database gives them: one page at a time, awaited. */
async function* pages(rows: Cell[][], size: number) {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size)
}

const records = (batches: StreamedSheet['batches']): StreamedSheet => ({
  name: '上报记录',
  batches,
  headerRows: 1,
  widths: [8, 22, 8, 30],
})

describe('xlsxFiles, rows as they come', () => {
  it('reads back what it was given, the same bytes in one batch or in pages', async () => {
    const rows: Cell[][] = [
      HEADER,
      [1, '区财政局', 3, '  前后有空格 '],
      [2, null, 0, 'a & <b> "c"\u0001'],
      [3, '区教育局', null, ''],
      [4, '区财政局', 12, null],
    ]
    const [one] = await xlsxFiles([records([rows])])
    const [paged] = await xlsxFiles([records(pages(rows, 2))])
    expect(paged!.bytes).toEqual(one!.bytes)
    expect(one!.rows).toBe(4)
    const read = (await readXlsx(one!.bytes)).get('上报记录')!
    expect(read).toEqual([
      HEADER,
      [1, '区财政局', 3, '  前后有空格 '],
      [2, undefined, 0, 'a & <b> "c"'],
      [3, '区教育局'],
      [4, '区财政局', 12],
    ])
  })

  it('writes texts that seldom repeat into their cells once the shared table has enough', async () => {
    const note = (i: number) => (i % 2 ? ` 备注${i}` : `备注${i}\n  第二行`)
    const rows: Cell[][] = Array.from({ length: 5_000 }, (_, i) => [i, '区财政局', i, note(i)])
    const [file] = await xlsxFiles([records([[HEADER, ...rows]])])
    expect((await readXlsx(file!.bytes)).get('上报记录')).toEqual([HEADER, ...rows])
  })
})

describe('xlsxFiles past maxBytes', () => {
  // Numbers that do not repeat, so that the rows take room once deflated.
  const rows: Cell[][] = Array.from({ length: 20_000 }, (_, i) => [
    i + 1,
    `区第${i % 40}单位`,
    (i * 7919) % 10007,
    i % 3 ? '' : `第${(i * 104729) % 99991}次`,
  ])
  const summary: Sheet = {
    name: '汇总',
    rows: [
      ['单位', '合计'],
      ['区财政局', 3],
    ],
    headerRows: 1,
  }
  const maxBytes = 64_000

  it('goes on in more files, each within maxBytes and nearly full, every row once', async () => {
    const files = await xlsxFiles([summary, records(pages([HEADER, ...rows], 500))], { maxBytes })
    expect(files.length).toBeGreaterThan(2)
    const read = await Promise.all(files.map((f) => readXlsx(f.bytes)))
    files.forEach((file, i) => {
      expect(file.bytes.length).toBeLessThanOrEqual(maxBytes)
      if (i < files.length - 1) expect(file.bytes.length).toBeGreaterThan(maxBytes * 0.8)
      expect(read[i]!.get('汇总')).toEqual(summary.rows)
      const [header, ...body] = read[i]!.get('上报记录')!
      expect(header).toEqual(HEADER)
      expect(body).toHaveLength(file.rows)
    })
    const all = read.flatMap((sheets) => sheets.get('上报记录')!.slice(1))
    expect(all).toEqual(rows.map((r) => r.filter((c) => c !== '')))
  })
})
