import { contentTypes, relationships, XML_HEAD, xml, zipParts } from './ooxml'

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
// The official document format (GB/T 9704): 仿宋_GB2312 三号 body with a two-character indent,
// fixed 28 pt lines, 小标宋 二号 title, and its page margins (in twentieths of a point).
const BODY_FONT = '仿宋_GB2312'
const TITLE_FONT = '方正小标宋简体'
const PAGE =
  '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>' +
  '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>'

const run = (text: string, font: string, halfPoints: number) =>
  `<w:r><w:rPr><w:rFonts w:ascii="${font}" w:hAnsi="${font}" w:eastAsia="${font}"/>` +
  `<w:sz w:val="${halfPoints}"/></w:rPr><w:t xml:space="preserve">${xml(text)}</w:t></w:r>`

const paragraph = (text: string) =>
  '<w:p><w:pPr><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/></w:pPr>' +
  `${run(text, BODY_FONT, 32)}</w:p>`

const title = (text: string) =>
  `<w:p><w:pPr><w:jc w:val="center"/><w:spacing w:after="320"/></w:pPr>${run(text, TITLE_FONT, 44)}</w:p>`

/** A Word document of a title (optional) and plain paragraphs, one per line of text. */
export function docxFile(doc: { title?: string; text: string }): Uint8Array {
  const lines = doc.text.split('\n').filter((line) => line.trim() !== '')
  const body = [...(doc.title ? [title(doc.title)] : []), ...lines.map(paragraph)].join('')
  return zipParts({
    '[Content_Types].xml': contentTypes([
      {
        part: '/word/document.xml',
        type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
      },
    ]),
    '_rels/.rels': relationships([
      { id: 'rId1', type: 'officeDocument', target: 'word/document.xml' },
    ]),
    'word/document.xml': `${XML_HEAD}<w:document xmlns:w="${W_NS}"><w:body>${body}${PAGE}</w:body></w:document>`,
  })
}
