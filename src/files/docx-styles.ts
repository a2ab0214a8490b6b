import { XML_HEAD } from './ooxml'

// The static parts of the report draft's .docx: styles, fonts, page-number footers, settings.
// docx.ts writes the document body against the style ids defined here.

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

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

export const STYLES =
  `${XML_HEAD}<w:styles xmlns:w="${W_NS}"><w:docDefaults>` +
  `<w:rPrDefault>${runProps('仿宋_GB2312', 32)}</w:rPrDefault>` +
  `<w:pPrDefault><w:pPr>${LINE}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>` +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>' +
  `${PARAGRAPH_STYLES.map(style).join('')}${FOOTER_STYLE}</w:styles>`

export const FONT_TABLE =
  `${XML_HEAD}<w:fonts xmlns:w="${W_NS}">` +
  Object.entries(FALLBACK)
    .map(
      ([name, alt]) =>
        `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/></w:font>`,
    )
    .join('') +
  '</w:fonts>'

// "— 7 —": odd pages right-aligned, even pages left-aligned, each one character in from the edge.
const plainRun = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`
const pageNumber = (side: 'right' | 'left') =>
  `${XML_HEAD}<w:ftr xmlns:w="${W_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>` +
  `<w:ind w:${side}="280"/><w:jc w:val="${side}"/></w:pPr>${plainRun('— ')}` +
  '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>' +
  '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>' +
  `<w:r><w:fldChar w:fldCharType="end"/></w:r>${plainRun(' —')}</w:p></w:ftr>`
export const FOOTER_ODD = pageNumber('right')
export const FOOTER_EVEN = pageNumber('left')

export const SETTINGS = `${XML_HEAD}<w:settings xmlns:w="${W_NS}"><w:evenAndOddHeaders/></w:settings>`
