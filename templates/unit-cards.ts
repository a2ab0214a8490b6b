import type { Unit } from '../db/schema'
import { card, esc, md } from './card'
import { CARD_BYTES, packLines, pageNote } from './card-limits'

// One page of the list leaves room for the header and the page note.
const LIST_BYTES = CARD_BYTES - 4 * 1024
// Names an answer to /单位 添加 repeats before counting the rest.
const MAX_ECHO = 50

/** /单位 列表: every unit with its liaisons, a page at a time once it outgrows one card. */
export function unitListCard(
  units: Unit[],
  liaisonNames: (unitId: number) => string[],
  page: number,
) {
  if (units.length === 0) {
    return card({ title: '参学单位', elements: [md('还没有单位。发送 /单位 添加 单位名称')] })
  }
  const lines = units.map((u, i) => {
    const names = liaisonNames(u.id).map(esc)
    const state = u.active ? '' : " <font color='grey'>（已停用）</font>"
    return `${i + 1}. ${esc(u.name)}${state} · 联络员：${names.length > 0 ? names.join('、') : '未绑定'}`
  })
  const pages = packLines(lines, LIST_BYTES)
  const shown = Math.min(page, pages.length)
  const active = units.filter((u) => u.active).length
  return card({
    title: '参学单位',
    subtitle:
      pages.length > 1
        ? `共 ${active} 个在用 · 第 ${shown}/${pages.length} 页`
        : `共 ${active} 个在用`,
    elements: [
      md(pages[shown - 1]!.join('\n')),
      ...(pages.length > 1
        ? [md(pageNote(`共 ${units.length} 个单位`, shown, pages.length, (p) => `/单位 列表 ${p}`))]
        : []),
    ],
  })
}

/** Names as one line, the first MAX_ECHO of them and a count of the rest. */
export function namesLine(names: string[]): string {
  const shown = names.slice(0, MAX_ECHO).map(esc).join('、')
  return names.length > MAX_ECHO ? `${shown} 等 ${names.length} 个` : shown
}
