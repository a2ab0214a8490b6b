import type { DraftKind } from '../src/domain/draft-args'
import { PENDING } from '../src/domain/draft-figures'
import type { Period } from '../src/domain/week'
import { card, esc, hr, md, type Card } from './card'
import { CARD_BYTES, jsonBytes } from './card-limits'

/** The draft's blanks by why they are blank, by name; the office acts on each kind differently. */
export type DraftGaps = {
  /** Office figures /填报 has not set (for a week or month: not within it). */
  office: string[]
  /** Indicators no unit reported in the period. */
  unreported: string[]
  /** Ledger counts with no item of that kind on the ledger. */
  ledger: string[]
}

export type Draft = {
  kind: DraftKind
  period: Period
  text: string
  gaps: DraftGaps
  fileName: string
}

// Names listed per kind of blank; the rest are counted.
const MAX_GAP_NAMES = 30

const gapNames = (names: string[]) =>
  names.slice(0, MAX_GAP_NAMES).map(esc).join('、') +
  (names.length > MAX_GAP_NAMES ? ` 等 ${names.length} 项` : '')

/** Each kind of blank with its names and what to do about it, in the order the office acts. */
function gapsMarkdown(draft: Draft): string {
  const { office, unreported, ledger } = draft.gaps
  const whole = draft.period.kind === 'all'
  const lines = [
    office.length > 0 &&
      `- 办公室${whole ? '还没有填报' : '本期没有填报'} ${office.length} 项：${gapNames(office)}。发送 /填报 ${esc(office[0]!)} ${whole ? '数量' : '新的总数'} 补上。`,
    unreported.length > 0 &&
      `- ${whole ? '还没有单位上报' : '本期没有单位上报'} ${unreported.length} 项：${gapNames(unreported)}。请核实确实没有，或用 /未报 催报后重新生成。`,
    ledger.length > 0 && `- 整改台账里没有这类事项 ${ledger.length} 项：${gapNames(ledger)}。`,
  ].filter((line): line is string => line !== false)
  return [`${PENDING}共 ${gapCount(draft)} 项，上报前请补齐：`, ...lines].join('\n')
}

const gapCount = (draft: Draft) =>
  draft.gaps.office.length + draft.gaps.unreported.length + draft.gaps.ledger.length

// A blank stands out in red: the office fills it before the draft goes upward.
const highlight = (chunk: string) =>
  chunk.replaceAll(PENDING, `<font color='red'>${PENDING}</font>`)

// The draft's share of a card: the header and the note about the Word file take the rest.
const CARD_TEXT_BYTES = CARD_BYTES - 2 * 1024
/** What a chunk takes on its card: escaped into JSON, each blank in red. */
const bytes = (chunk: string) => jsonBytes(highlight(chunk))

/** Paragraphs packed into chunks under the size limit; an overlong paragraph is cut. */
export function chunkText(text: string, limit = CARD_TEXT_BYTES): string[] {
  const chunks: string[] = []
  let current = ''
  for (const para of text.split('\n').filter((p) => p.trim() !== '')) {
    for (const piece of cutToSize(esc(para), limit)) {
      const joined = current ? `${current}\n\n${piece}` : piece
      if (bytes(joined) <= limit) current = joined
      else {
        chunks.push(current)
        current = piece
      }
    }
  }
  return current ? [...chunks, current] : chunks
}

// What the red around a blank adds to it.
const RED = bytes(PENDING) - jsonBytes(PENDING)

/** A paragraph too long for a card, cut into pieces that fit; each character is weighed once. */
function cutToSize(text: string, limit: number): string[] {
  if (bytes(text) <= limit) return [text]
  const pieces: string[] = []
  let piece = ''
  let used = 0
  for (const ch of text) {
    const cost = jsonBytes(ch) + (`${piece}${ch}`.endsWith(PENDING) ? RED : 0)
    if (used + cost > limit) {
      pieces.push(piece)
      piece = ''
      used = 0
    }
    piece += ch
    used += cost
  }
  return [...pieces, piece]
}

/** The filled draft as one or more cards, what is missing last; the Word file follows. */
export function draftCards(draft: Draft): Card[] {
  const pending = gapCount(draft)
  const list = pending > 0 ? gapsMarkdown(draft) : ''
  const gaps = list ? [hr(), md(list)] : []
  const chunks = chunkText(draft.text, CARD_TEXT_BYTES - jsonBytes(list))
  const title = `报告草稿：${draft.kind}${pending > 0 ? ` · ${pending}处待补` : ''}`
  return chunks.map((chunk, i) => {
    const part = chunks.length > 1 ? `（${i + 1}/${chunks.length}）` : ''
    const last = i === chunks.length - 1
    return card({
      title: `${title}${part}`,
      subtitle: draft.period.label,
      colour: pending > 0 ? 'orange' : 'turquoise',
      elements: [
        md(highlight(chunk)),
        ...(last
          ? [
              ...gaps,
              md(
                `<font color='grey'>Word 版「${esc(draft.fileName)}」随后发到本聊天，可直接修改${pending > 0 ? `，${PENDING}处已标黄` : ''}。</font>`,
              ),
            ]
          : []),
      ],
    })
  })
}
