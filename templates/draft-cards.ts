import type { DraftKind } from '../src/domain/draft-args'
import { PENDING } from '../src/domain/report-figures'
import type { Period } from '../src/domain/week'
import { card, esc, md, type Card } from './card'
import { CARD_BYTES, jsonBytes } from './card-limits'

export type Draft = { kind: DraftKind; period: Period; text: string; fileName: string }

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

/** The filled draft as one or more cards; the Word file follows in the chat. */
export function draftCards(draft: Draft): Card[] {
  const chunks = chunkText(draft.text)
  const pending = draft.text.split(PENDING).length - 1
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
              md(
                `<font color='grey'>Word 版「${esc(draft.fileName)}」随后发到本聊天，可直接修改${pending > 0 ? `；${PENDING}处没有数据，请核实后补上` : ''}。</font>`,
              ),
            ]
          : []),
      ],
    })
  })
}
