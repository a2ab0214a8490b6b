import { contentTypes, DOC_REL, relationships, XML_HEAD, xml, zipParts } from './ooxml'
import { FONT_TABLE, FOOTER_EVEN, FOOTER_ODD, SETTINGS, STYLES, W_NS } from './docx-styles'

const WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml'

type Style = 'Title' | 'Heading1' | 'Heading2' | 'Body'
type Paragraph = { style: Style; lead?: { style: string; text: string }; text: string }

const HEADING1 = /^[一二三四五六七八九十]+、/
const HEADING2 = /^[（(][一二三四五六七八九十]+[）)]/
// A first line that is a short phrase, not a sentence, is the document's title.
const TITLE = /^[^。；：！？]{1,60}$/

/** 一、 and （一） start headings; one that ends at its first 。 and goes on runs into the body. */
function heading(style: 'Heading1' | 'Heading2', line: string): Paragraph {
  const end = line.indexOf('。') + 1
  if (end === 0 || end === line.length) return { style, text: line }
  return {
    style: 'Body',
    lead: { style: `${style}Char`, text: line.slice(0, end) },
    text: line.slice(end),
  }
}

function classify(line: string, index: number, titled: boolean): Paragraph {
  if (HEADING1.test(line)) return heading('Heading1', line)
  if (HEADING2.test(line)) return heading('Heading2', line)
  if (index === 0 && !titled && TITLE.test(line)) return { style: 'Title', text: line }
  return { style: 'Body', text: line }
}

const run = (text: string, charStyle?: string, highlight = false) => {
  const props =
    (charStyle ? `<w:rStyle w:val="${charStyle}"/>` : '') +
    (highlight ? '<w:highlight w:val="yellow"/>' : '')
  return `<w:r>${props && `<w:rPr>${props}</w:rPr>`}<w:t xml:space="preserve">${xml(text)}</w:t></w:r>`
}

// The draft writes 〔待补〕 where no figure was reported; each one is highlighted on the page so
// the office fills it in before the report goes upward.
const PENDING = '〔待补〕'
const runs = (text: string, charStyle?: string) =>
  text
    .split(PENDING)
    .map((part, i) => (i > 0 ? run(PENDING, charStyle, true) : '') + (part && run(part, charStyle)))
    .join('')

const paragraph = (p: Paragraph) =>
  `<w:p><w:pPr><w:pStyle w:val="${p.style}"/></w:pPr>` +
  `${p.lead ? runs(p.lead.text, p.lead.style) : ''}${runs(p.text)}</w:p>`

// A4 with GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (in twips). The
// footer sits 23 mm up, so the 14 pt page-number line starts 7 mm below the text block.
const PAGE =
  '<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:footerReference w:type="even" r:id="rId4"/>' +
  '<w:pgSz w:w="11906" w:h="16838"/>' +
  '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1304" w:gutter="0"/></w:sectPr>'

/**
 * A Word document in the official format, one paragraph per line of text: a short first line
 * (or `title`) is the title, lines opening 一、 or （一） are headings, the rest body text.
 */
export function docxFile(doc: { title?: string; text: string }): Uint8Array {
  const lines = doc.text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const paragraphs = [
    ...(doc.title ? [{ style: 'Title' as const, text: doc.title }] : []),
    ...lines.map((line, i) => classify(line, i, Boolean(doc.title))),
  ]
  const body = paragraphs.map(paragraph).join('')
  return zipParts({
    '[Content_Types].xml': contentTypes([
      { part: '/word/document.xml', type: `${WML}.document.main+xml` },
      { part: '/word/styles.xml', type: `${WML}.styles+xml` },
      { part: '/word/fontTable.xml', type: `${WML}.fontTable+xml` },
      { part: '/word/settings.xml', type: `${WML}.settings+xml` },
      { part: '/word/footer1.xml', type: `${WML}.footer+xml` },
      { part: '/word/footer2.xml', type: `${WML}.footer+xml` },
    ]),
    '_rels/.rels': relationships([
      { id: 'rId1', type: 'officeDocument', target: 'word/document.xml' },
    ]),
    'word/_rels/document.xml.rels': relationships([
      { id: 'rId1', type: 'styles', target: 'styles.xml' },
      { id: 'rId2', type: 'fontTable', target: 'fontTable.xml' },
      { id: 'rId3', type: 'footer', target: 'footer1.xml' },
      { id: 'rId4', type: 'footer', target: 'footer2.xml' },
      { id: 'rId5', type: 'settings', target: 'settings.xml' },
    ]),
    'word/document.xml':
      `${XML_HEAD}<w:document xmlns:w="${W_NS}" xmlns:r="${DOC_REL}">` +
      `<w:body>${body}${PAGE}</w:body></w:document>`,
    'word/styles.xml': STYLES,
    'word/fontTable.xml': FONT_TABLE,
    'word/settings.xml': SETTINGS,
    'word/footer1.xml': FOOTER_ODD,
    'word/footer2.xml': FOOTER_EVEN,
  })
}
