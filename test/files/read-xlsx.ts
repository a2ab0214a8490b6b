import ExcelJS from 'exceljs'

/** Each sheet of an .xlsx as exceljs reads it, by name: rows of values, an empty cell undefined. */
export async function readXlsx(bytes: Uint8Array): Promise<Map<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(bytes) as never)
  // Rows and cells are 1-based in exceljs: drop the empty slot 0 of each.
  const values = (ws: ExcelJS.Worksheet) =>
    ws
      .getSheetValues()
      .slice(1)
      .map((row) => ((row ?? []) as unknown[]).slice(1))
  return new Map(wb.worksheets.map((ws) => [ws.name, values(ws)]))
}
