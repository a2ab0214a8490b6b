import { UsageError } from '../errors'
import { normalizeText, squeezeSpaces } from './normalize'

export type UnitRow = {
  unit: string
  aliases: string[]
  liaisonOpenId: string | null
  /** Without an open_id, the liaison's 手机号 or 邮箱, for Lark to find them by. */
  liaisonMobile: string | null
  liaisonEmail: string | null
  liaisonName: string
  /** Its line in the file, to name in what the import reports. */
  line: number
}

const HEADERS: Record<string, keyof UnitRow> = {
  unit: 'unit',
  单位: 'unit',
  aliases: 'aliases',
  简称: 'aliases',
  liaison_open_id: 'liaisonOpenId',
  联络员open_id: 'liaisonOpenId',
  liaison_name: 'liaisonName',
  联络员姓名: 'liaisonName',
  mobile: 'liaisonMobile',
  手机号: 'liaisonMobile',
  手机: 'liaisonMobile',
  联络员手机号: 'liaisonMobile',
  email: 'liaisonEmail',
  邮箱: 'liaisonEmail',
  联络员邮箱: 'liaisonEmail',
}

/** RFC 4180 fields: quotes may wrap commas, newlines and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') field += text[i++]
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') (row.push(field), (field = ''))
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      ;(row.push(field), rows.push(row), (row = []), (field = ''))
    } else field += ch
  }
  if (field !== '' || row.length > 0) (row.push(field), rows.push(row))
  return rows.filter((r) => r.some((f) => f.trim() !== ''))
}

/**
 * Rows of units.csv (header: 单位,简称,联络员open_id,联络员姓名,手机号,邮箱 or the English
 * names). One line per liaison, found by open_id or else by 手机号 or 邮箱; a unit without
 * liaisons has empty liaison columns. Errors name the line.
 */
export function parseUnitsCsv(text: string): UnitRow[] {
  const [header, ...lines] = parseCsv(text.replace(/^\uFEFF/, ''))
  if (!header) throw new UsageError('units.csv is empty')
  const columns = header.map(
    (h) => HEADERS[normalizeText(h).toLowerCase()] ?? HEADERS[normalizeText(h)],
  )
  if (!columns.includes('unit')) throw new UsageError('units.csv needs a 单位 (unit) column')
  return lines.map((cells, i) => {
    // Names are kept as written (区财政局（国资办）); only their whitespace is tidied.
    const get = (key: keyof UnitRow) => squeezeSpaces(cells[columns.indexOf(key)] ?? '')
    const line = i + 2
    const row: UnitRow = {
      unit: get('unit'),
      aliases: get('aliases')
        .split(/[;；、|]/)
        .map((a) => a.trim())
        .filter(Boolean),
      liaisonOpenId: get('liaisonOpenId') || null,
      // 138 0000 0000 and 138-0000-0000 are how people write them; Lark wants the digits.
      liaisonMobile: get('liaisonMobile').replace(/[\s-]/g, '') || null,
      liaisonEmail: get('liaisonEmail') || null,
      liaisonName: get('liaisonName'),
      line,
    }
    if (!row.unit) throw new UsageError(`line ${line}: the unit name is empty`)
    if (row.liaisonOpenId && !/^ou_\w+$/.test(row.liaisonOpenId)) {
      throw new UsageError(`line ${line}: "${row.liaisonOpenId}" is not an open_id (ou_…)`)
    }
    if (row.liaisonMobile && !/^\+?\d{6,15}$/.test(row.liaisonMobile)) {
      throw new UsageError(`line ${line}: "${row.liaisonMobile}" is not a mobile number`)
    }
    if (row.liaisonEmail && !/^[^@\s]+@[^@\s]+$/.test(row.liaisonEmail)) {
      throw new UsageError(`line ${line}: "${row.liaisonEmail}" is not an email address`)
    }
    return row
  })
}
