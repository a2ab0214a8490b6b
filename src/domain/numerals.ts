import { toHalfWidth } from './normalize'

// Chinese IMEs offer 三 and 十二 as readily as 3 and 12, so amounts accept both.
// Only whole, non-negative numbers: a count of study sessions is never 3.5.

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }
const WAN = '万'

export function parseAmount(token: string): number | null {
  const s = toHalfWidth(token).trim()
  if (/^\d+$/.test(s)) return safe(Number(s))
  if (s === '' || ![...s].every(isChineseNumeral)) return null
  return safe(parseChinese(s))
}

export function isChineseNumeral(ch: string): boolean {
  return ch in DIGITS || ch in SMALL_UNITS || ch === WAN
}

function safe(n: number | null): number | null {
  return n !== null && Number.isSafeInteger(n) ? n : null
}

// 一万二千三百零五: the part before 万 and the part after it are each a
// "section" below 10 000, written with 十/百/千 in strictly falling order.
function parseChinese(s: string): number | null {
  const wanAt = s.indexOf(WAN)
  if (wanAt === -1) return parseSection(s, 1)
  if (s.indexOf(WAN, wanAt + 1) !== -1 || wanAt === 0) return null
  const high = parseSection(s.slice(0, wanAt), 1)
  // A bare digit right after 万 is shorthand for thousands: 一万二 = 12 000.
  const low = parseSection(s.slice(wanAt + 1), 1000)
  if (high === null || high === 0 || low === null || low >= 10000) return null
  return high * 10000 + low
}

// `tailScale` is the place value of a trailing digit that directly follows the
// top of the number (一万二 → 2 000); inside a section it is one place below
// the last unit (一百五 = 150, 两千三 = 2 300), and 零 resets it to ones (一百零五).
function parseSection(s: string, tailScale: number): number | null {
  if (s === '') return 0
  if (s === '零' || s === '〇') return 0
  let total = 0
  let digit: number | null = null
  let lastUnit = 10000
  let scale = tailScale
  for (const ch of s) {
    if (ch in DIGITS) {
      const d = DIGITS[ch]!
      if (digit !== null) return null
      if (d === 0) {
        // 零 only bridges a gap (一百零五, 一万零五); a number never starts with it.
        if (total === 0 && tailScale === 1) return null
        scale = 1
        continue
      }
      digit = d
    } else {
      const unit = SMALL_UNITS[ch]!
      if (unit >= lastUnit) return null
      // 十二 and 一百十 leave the 1 in front of 十 unsaid; every other unit needs its digit.
      if (digit === null && unit !== 10) return null
      total += (digit ?? 1) * unit
      digit = null
      lastUnit = unit
      scale = unit / 10
    }
  }
  if (digit !== null) total += digit * scale
  return total
}
