import ExcelJS from 'exceljs'
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { docxFile } from '../../src/files/docx'
import { columnName, xlsxFiles } from '../../src/files/xlsx'

describe('xlsxFiles', () => {
  it('writes sheets that Excel readers open: text, numbers, merged bold headers', async () => {
    const [file, ...more] = await xlsxFiles([
      {
        name: '汇总',
        rows: [
          ['单位', '理论学习', null],
          [null, '集中学习（次）', '党课 <b> & "引号"'],
          ['区财政局', 3, 0],
        ],
        headerRows: 2,
        merges: ['B1:C1'],
        widths: [20, 12, 12],
      },
      { name: '上报记录', batches: [[['记录号'], [1]]] },
    ])
    expect(more).toHaveLength(0)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file!.bytes) as never)
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['汇总', '上报记录'])
    const sheet = wb.getWorksheet('汇总')!
    expect(sheet.getCell('C2').value).toBe('党课 <b> & "引号"')
    expect(sheet.getCell('B3').value).toBe(3)
    expect(sheet.getCell('C3').value).toBe(0)
    expect(sheet.getCell('B1').font?.bold).toBe(true)
    expect(sheet.getCell('C1').isMerged).toBe(true)
    expect(wb.getWorksheet('上报记录')!.getCell('A2').value).toBe(1)
  })

  it('names columns past Z', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ])
  })
})

describe('docxFile', () => {
  it('writes a Word document whose paragraphs are the lines of the text', async () => {
    const bytes = docxFile({ title: '进展情况', text: '第一段 <x> & y\n\n第二段\u0001' })
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) })
    expect(value.split('\n').filter(Boolean)).toEqual(['进展情况', '第一段 <x> & y', '第二段'])
  })
})
