import { createZipStream } from './ooxml'
import {
  createSharedStrings,
  packageParts,
  SHARED_STRINGS_PATH,
  rowBound,
  rowXml,
  sheetHead,
  sheetPath,
  sheetTail,
  type Cell,
  type Layout,
} from './xlsx-xml'

export { columnName, type Cell } from './xlsx-xml'

export type Sheet = Layout & {
  /** At most 31 characters, none of []:*?/\ (Excel's rule). */
  name: string
  rows: Cell[][]
}

/** A sheet whose rows come in batches as they are read (a page of reports at a time). */
export type StreamedSheet = Omit<Sheet, 'rows'> & {
  batches: Iterable<Cell[][]> | AsyncIterable<Cell[][]>
}

/**
 * Sheets for one workbook. The last one's rows are read once, as they come; the others are
 * written whole into every file the workbook takes.
 */
export type Workbook = [...Sheet[], StreamedSheet]

export type XlsxOptions = {
  /** No file is larger (a file holds one row of the last sheet at least). Default: no limit. */
  maxBytes?: number
}

/** One file of a workbook, with how many rows of the last sheet it holds (headers aside). */
export type XlsxFile = { bytes: Uint8Array; rows: number }

// Excel's rows per sheet.
const EXCEL_ROWS = 1_048_576

/**
 * A workbook of plain sheets (text and numbers, bold frozen header rows, merged headers),
 * written as it is read: memory holds the compressed files, not the rows. A workbook that
 * would pass maxBytes (or Excel's rows per sheet) goes on in another file: the last sheet's
 * rows continue under its header rows again, and the other sheets are there whole.
 */
export async function xlsxFiles(sheets: Workbook, options: XlsxOptions = {}) {
  const last = sheets.at(-1) as StreamedSheet
  const maxBytes = options.maxBytes ?? Infinity
  const headers: Cell[][] = []
  const files: XlsxFile[] = []
  let file = startFile(sheets, headers, maxBytes)
  for await (const batch of last.batches) {
    for (const cells of batch) {
      if (headers.length < (last.headerRows ?? 0)) {
        headers.push(cells)
        file.header(cells)
      } else if (!file.add(cells)) {
        files.push(file.end())
        file = startFile(sheets, headers, maxBytes)
        file.add(cells)
      }
    }
  }
  files.push(file.end())
  return files
}

/** One file: the fixed sheets whole, then the last sheet's headers, ready for its rows. */
function startFile(sheets: Workbook, headers: Cell[][], maxBytes: number) {
  const zip = createZipStream()
  for (const [path, text] of Object.entries(packageParts(sheets.map((s) => s.name)))) {
    zip.add(path, text)
  }
  const strings = createSharedStrings(zip.entry(SHARED_STRINGS_PATH))
  const fixed = sheets.slice(0, -1) as Sheet[]
  fixed.forEach((sheet, i) => {
    const entry = zip.entry(sheetPath(i))
    entry.write(sheetHead(sheet))
    sheet.rows.forEach((cells, r) =>
      entry.write(rowXml(cells, r + 1, r < (sheet.headerRows ?? 0), strings)),
    )
    entry.write(sheetTail(sheet))
    entry.end()
  })
  const last = sheets.at(-1) as StreamedSheet
  const tail = sheetTail(last)
  const entry = zip.entry(sheetPath(fixed.length))
  entry.write(sheetHead(last))
  let r = 0
  let rows = 0
  const header = (cells: Cell[]) => entry.write(rowXml(cells, ++r, true, strings))
  headers.forEach(header)
  // Whether the file, closed after this row, stays within maxBytes: by a bound first, and only
  // when that says no, after deflating what is held back, to the last few KB.
  const fits = (cells: Cell[]) => {
    const more = rowBound(cells) + tail.length + strings.tail
    if (zip.bound(more) <= maxBytes) return true
    zip.flush()
    return zip.bound(more) <= maxBytes
  }
  return {
    header,
    /** Writes a row, unless the file is full (it always takes one). */
    add(cells: Cell[]): boolean {
      if (rows > 0 && (r >= EXCEL_ROWS || !fits(cells))) return false
      entry.write(rowXml(cells, ++r, false, strings))
      rows++
      return true
    },
    end(): XlsxFile {
      entry.write(tail)
      entry.end()
      strings.end()
      return { bytes: zip.end(), rows }
    },
  }
}
