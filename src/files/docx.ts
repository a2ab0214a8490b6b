import { contentTypes, DOC_REL, relationships, XML_HEAD, xml, zipParts } from './ooxml'

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
const WML = 'application/vnd.openxmlformats-officedocument.wordprocessingml'

// The official document format (GB/T 9704): 小标宋 二号 title, 黑体 / 楷体 三号 headings,
// 仿宋_GB2312 三号 body with a two-character indent, fixed 28 pt lines; digits in Times New Roman.
// Word finds no font fallback list in a run, so each font's substitute is its altName in
// fontTable.xml: a machine without 方正小标宋简体 shows 宋体 rather than a Latin face.
const FALLBACK: Record<string, string> = {
  方正小标宋简体: '宋体',
  黑体: 'SimHei',
  楷体_GB2312: '楷体',
  仿宋_GB2312: '仿宋',
  宋体: 'SimSun',
}
const LATIN = 'Times New Roman'
const LINE = '<w:spacing w:line="560" w:lineRule="exact"/>' // 28 pt, in twentieths of a point

const runProps = (eastAsia: string, halfPoints: number, latin = LATIN) =>
  `<w:rPr><w:rFonts w:ascii="${latin}" w:hAnsi="${latin}" w:eastAsia="${eastAsia}" w:cs="${latin}"/>` +
  `<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/></w:rPr>`

const BODY = `${LINE}<w:ind w:firstLineChars="200" w:firstLine="640"/>` // indent: two 16 pt characters
// Child order in w:pPr follows the schema (keepNext … spacing, ind … jc … outlineLvl): Word checks it.
const outline = (level: number) => `<w:keepNext/>${BODY}<w:outlineLvl w:val="${level}"/>`
const TITLE_PPR = '<w:spacing w:after="560" w:line="560" w:lineRule="exact"/><w:jc w:val="center"/>'
// styleId, Word's built-in name, East Asian font, size in half-points, paragraph properties
const PARAGRAPH_STYLES: Array<[string, string, string, number, string]> = [
  ['Title', 'Title', '方正小标宋简体', 44, TITLE_PPR],
  ['Heading1', 'heading 1', '黑体', 32, outline(0)],
  ['Heading2', 'heading 2', '楷体_GB2312', 32, outline(1)],
  ['Body', 'Body Text', '仿宋_GB2312', 32, BODY],
]

const style = ([id, name, font, size, pPr]: (typeof PARAGRAPH_STYLES)[number]) =>
  `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/>` +
  `<w:next w:val="Body"/><w:qFormat/><w:pPr>${pPr}</w:pPr>${runProps(font, size)}</w:style>` +
  // A heading that runs into its paragraph ("一、组织推进。本周…") wears the heading's font.
  `<w:style w:type="character" w:styleId="${id}Char"><w:name w:val="${name} Char"/>` +
  `${runProps(font, size)}</w:style>`

// Page numbers: 四号 half-width 宋体 between two 一字线, on a 14 pt line.
const FOOTER_STYLE =
  '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>' +
  `<w:pPr><w:spacing w:line="280" w:lineRule="exact"/></w:pPr>${runProps('宋体', 28, '宋体')}</w:style>`

const STYLES =
  `${XML_HEAD}<w:styles xmlns:w="${W_NS}"><w:docDefaults>` +
  `<w:rPrDefault>${runProps('仿宋_GB2312', 32)}</w:rPrDefault>` +
  `<w:pPrDefault><w:pPr>${LINE}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
  `${PARAGRAPH_STYLES.map(style).join('')}${FOOTER_STYLE}</w:styles>`

const FONT_TABLE =
  `${XML_HEAD}<w:fonts xmlns:w="${W_NS}">` +
  Object.entries(FALLBACK)
    .map(
      ([name, alt]) =>
        `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/></w:font>`,
    )
    .join('') +
  '</w:fonts>'

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

// "— 7 —": odd pages right-aligned, even pages left-aligned, each one character in from the edge.
const pageNumber = (side: 'right' | 'left') =>
  `${XML_HEAD}<w:ftr xmlns:w="${W_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>` +
  `<w:ind w:${side}="280"/><w:jc w:val="${side}"/></w:pPr>${run('— ')}` +
  '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>' +
  '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>' +
  `<w:r><w:fldChar w:fldCharType="end"/></w:r>${run(' —')}</w:p></w:ftr>`

const SETTINGS = `${XML_HEAD}<w:settings xmlns:w="${W_NS}"><w:evenAndOddHeaders/></w:settings>`

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
    'word/footer1.xml': pageNumber('right'),
    'word/footer2.xml': pageNumber('left'),
  })
}
