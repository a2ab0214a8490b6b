import { contentTypes, relationships, XML_HEAD, xml, type ZipEntry } from './ooxml'

// The XML of a workbook's parts, piece by piece, for xlsx.ts to stream.

export type Cell = string | number | null

/** What a sheet looks like, apart from its rows. */
export type Layout = {
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

export const sheetPath = (index: number) => `xl/worksheets/sheet${index + 1}.xml`
export const SHARED_STRINGS_PATH = 'xl/sharedStrings.xml'

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

/** The parts around the sheets: content types, relationships, the workbook, styles. */
export function packageParts(names: string[]): Record<string, string> {
  const sheets = names.map(
    (name, i) => `<sheet name="${xml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  )
  return {
    '[Content_Types].xml': contentTypes([
      { part: '/xl/workbook.xml', type: `${SHEET_TYPE}.sheet.main+xml` },
      { part: '/xl/styles.xml', type: `${SHEET_TYPE}.styles+xml` },
      { part: '/xl/sharedStrings.xml', type: `${SHEET_TYPE}.sharedStrings+xml` },
      ...names.map((_, i) => ({ part: `/${sheetPath(i)}`, type: `${SHEET_TYPE}.worksheet+xml` })),
    ]),
    '_rels/.rels': relationships([
      { id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' },
    ]),
    'xl/workbook.xml': `${XML_HEAD}<workbook xmlns="${SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': relationships([
      ...names.map((_, i) => ({
        id: `rId${i + 1}`,
        type: 'worksheet',
        target: `worksheets/sheet${i + 1}.xml`,
      })),
      { id: `rId${names.length + 1}`, type: 'styles', target: 'styles.xml' },
      { id: `rId${names.length + 2}`, type: 'sharedStrings', target: 'sharedStrings.xml' },
    ]),
    'xl/styles.xml': STYLES,
  }
}

/** A worksheet up to its first row. */
export function sheetHead({ headerRows: head = 0, widths }: Layout): string {
  const pane = head
    ? `<pane ySplit="${head}" topLeftCell="A${head + 1}" activePane="bottomLeft" state="frozen"/>`
    : ''
  const cols = widths?.length
    ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`
    : ''
  return `${XML_HEAD}<worksheet xmlns="${SHEET_NS}"><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>${cols}<sheetData>`
}

/** A worksheet after its last row. */
export function sheetTail({ merges }: Layout): string {
  const cells = merges?.length
    ? `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : ''
  return `</sheetData>${cells}</worksheet>`
}

// A column adds its texts to the shared table up to this many; past that (times, notes: texts
// that seldom repeat) they go into their cells, and the table stays small whatever the rows.
const SHARED_PER_COLUMN = 2_048
const SST_TAIL = '</sst>'
const SI = (text: string) => `<si><t xml:space="preserve">${xml(text)}</t></si>`

/**
 * The workbook's shared strings: a text that repeats from row to row (a unit, a week, a name)
 * is written once and referred to by number, which halves the sheet's XML and the deflating.
 * The table is deflated as it grows, so a file's size so far counts it as it will be.
 */
export function createSharedStrings(entry: ZipEntry) {
  const index = new Map<string, number>()
  const perColumn: number[] = []
  entry.write(`${XML_HEAD}<sst xmlns="${SHEET_NS}">`)
  return {
    /** The text's number, or undefined if it is to be written into its cell. */
    find(text: string, column: number): number | undefined {
      const found = index.get(text)
      if (found !== undefined || (perColumn[column] ?? 0) >= SHARED_PER_COLUMN) return found
      perColumn[column] = (perColumn[column] ?? 0) + 1
      index.set(text, index.size)
      entry.write(SI(text))
      return index.size - 1
    },
    /** Bytes still to come when the table ends. */
    tail: SST_TAIL.length,
    end() {
      entry.write(SST_TAIL)
      entry.end()
    },
  }
}

export type SharedStrings = ReturnType<typeof createSharedStrings>

const columns: string[] = []
// Spreadsheet apps may trim or fold a text's white space unless told to keep it: at its ends,
// line breaks and tabs, runs of spaces.
const LOOSE_SPACE = /^\s|\s$|[^\S ]| {2}/

/**
 * A row's XML. A cell names its place only when it is the row's first or follows an empty one;
 * the others are the next column, as the format allows (and exceljs reads): the references were
 * a fifth of the sheet's bytes.
 */
export function rowXml(cells: Cell[], r: number, bold: boolean, strings: SharedStrings): string {
  const style = bold ? ' s="1"' : ''
  let body = ''
  let next = -1
  cells.forEach((value, c) => {
    if (value === null || value === '') return
    const open = c === next ? `<c${style}` : `<c r="${(columns[c] ??= columnName(c))}${r}"${style}`
    next = c + 1
    const shared = typeof value === 'string' ? strings.find(value, c) : undefined
    if (typeof value === 'number') body += `${open}><v>${value}</v></c>`
    else if (shared !== undefined) body += `${open} t="s"><v>${shared}</v></c>`
    else {
      const space = LOOSE_SPACE.test(value) ? ' xml:space="preserve"' : ''
      body += `${open} t="inlineStr"><is><t${space}>${xml(value)}</t></is></c>`
    }
  })
  return `<row r="${r}">${body}</row>`
}

// A cell's markup: the longest reference (XFD1048576), the style, and an inline text's tags.
const CELL_BYTES = 90
const NUMBER_BYTES = 24

/**
 * At most the bytes a row adds to its file, before deflating: its XML, and the texts it adds to
 * the shared table. An escaped character takes up to 6 bytes (&quot;); a text goes in its cell
 * or the table.
 */
export function rowBound(cells: Cell[]): number {
  let bytes = CELL_BYTES
  for (const value of cells) {
    bytes += CELL_BYTES + (typeof value === 'string' ? value.length * 6 : NUMBER_BYTES)
  }
  return bytes
}
