import { contentTypes, relationships, XML_HEAD, xml, zipParts } from './ooxml'

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export type Cell = string | number | null
export type Sheet = {
  /** At most 31 characters, none of []:*?/\ (Excel's rule). */
  name: string
  rows: Cell[][]
  /** Leading rows in bold and frozen while scrolling (headers). */
  headerRows?: number
  /** Ranges such as B1:D1 (a category over its indicators). */
  merges?: string[]
  /** Column widths in characters. */
  widths?: number[]
}

const SHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml'

/** A, B, … Z, AA, AB … */
export function columnName(index: number): string {
  let name = ''
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name
  }
  return name
}

function cell(value: Cell, ref: string, bold: boolean): string {
  const style = bold ? ' s="1"' : ''
  if (value === null || value === '') return ''
  if (typeof value === 'number') return `<c r="${ref}"${style}><v>${value}</v></c>`
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xml(value)}</t></is></c>`
}

function sheetXml(sheet: Sheet): string {
  const head = sheet.headerRows ?? 0
  const rows = sheet.rows.map((cells, r) => {
    const body = cells.map((v, c) => cell(v, `${columnName(c)}${r + 1}`, r < head)).join('')
    return `<row r="${r + 1}">${body}</row>`
  })
  const pane = head
    ? `<pane ySplit="${head}" topLeftCell="A${head + 1}" activePane="bottomLeft" state="frozen"/>`
    : ''
  const cols = sheet.widths?.length
    ? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : ''
  const merges = sheet.merges?.length
    ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : ''
  return (
    `${XML_HEAD}<worksheet xmlns="${SHEET_NS}"><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
    `${cols}<sheetData>${rows.join('')}</sheetData>${merges}</worksheet>`
  )
}

// Style 0 is plain, 1 is bold; Excel requires the two default fills.
const STYLES =
  `${XML_HEAD}<styleSheet xmlns="${SHEET_NS}">` +
  '<fonts count="2"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '</styleSheet>'

/** A workbook of plain sheets: text and numbers, bold frozen header rows, merged headers. */
export function xlsxFile(sheets: Sheet[]): Uint8Array {
  const names = sheets.map(
    (s, i) => `<sheet name="${xml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  )
  const parts: Record<string, string> = {
    '[Content_Types].xml': contentTypes([
      { part: '/xl/workbook.xml', type: `${SHEET_TYPE}.sheet.main+xml` },
      { part: '/xl/styles.xml', type: `${SHEET_TYPE}.styles+xml` },
      ...sheets.map((_, i) => ({
        part: `/xl/worksheets/sheet${i + 1}.xml`,
        type: `${SHEET_TYPE}.worksheet+xml`,
      })),
    ]),
    '_rels/.rels': relationships([
      { id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' },
    ]),
    'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${names.join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': relationships([
      ...sheets.map((_, i) => ({
        id: `rId${i + 1}`,
        type: 'worksheet',
        target: `worksheets/sheet${i + 1}.xml`,
      })),
      { id: `rId${sheets.length + 1}`, type: 'styles', target: 'styles.xml' },
    ]),
    'xl/styles.xml': STYLES,
  }
  sheets.forEach((s, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(s)))
  return zipParts(parts)
}
