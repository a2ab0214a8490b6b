import type { DraftKind } from '../src/domain/draft-args'
import { PENDING } from '../src/domain/report-figures'
import type { Period } from '../src/domain/week'
import { card, esc, md, type Card } from './card'

export type Draft = { kind: DraftKind; period: Period; text: string; fileName: string }

// A card message is at most 30 KB of JSON; leave room for the header and escaping.
const CARD_TEXT_BYTES = 24_000
const bytes = (s: string) => new TextEncoder().encode(s).length

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

function cutToSize(text: string, limit: number): string[] {
  const pieces: string[] = []
  let piece = ''
  for (const ch of text) {
    if (bytes(piece + ch) > limit) {
      pieces.push(piece)
      piece = ''
    }
    piece += ch
  }
  return [...pieces, piece]
}

// A blank stands out in red: the office fills it before the draft goes upward.
const highlight = (chunk: string) =>
  chunk.replaceAll(PENDING, `<font color='red'>${PENDING}</font>`)

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
