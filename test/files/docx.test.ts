import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { docxFile } from '../../src/files/docx'
import { all, first, readParts, type Element } from './read-ooxml'

const DRAFT = [
  '全区主题教育工作周报（11月23日—11月29日）',
  '一、组织推进。本周全区12个参学单位中有9个报送了工作进展。',
  '二、强化组织落实，推动主题教育有序开展',
  '（一）加强组织领导',
  '（二）注重督促指导。区委主题教育办发挥监督指导作用。',
  '一是理论学习方面。召开理论中心组会7次。',
].join('\n')

const attr = (element: Element | undefined, name: string, key: string) =>
  element && first(element, name)?.attrs[key]

/** What a reader of styles.xml finds for one style: fonts, size, line, indent, alignment. */
function styleOf(styles: Element, id: string) {
  const style = all(styles, 'w:style').find((s) => s.attrs['w:styleId'] === id)
  return {
    eastAsia: attr(style, 'w:rFonts', 'w:eastAsia'),
    latin: attr(style, 'w:rFonts', 'w:ascii'),
    size: attr(style, 'w:sz', 'w:val'),
    line: attr(style, 'w:spacing', 'w:line'),
    lineRule: attr(style, 'w:spacing', 'w:lineRule'),
    firstLineChars: attr(style, 'w:ind', 'w:firstLineChars'),
    jc: attr(style, 'w:jc', 'w:val'),
  }
}

/** Each paragraph of document.xml as its style and its runs' (character style, text). */
function paragraphs(document: Element) {
  return all(document, 'w:p').map((p) => ({
    style: attr(p, 'w:pStyle', 'w:val'),
    runs: all(p, 'w:r').map((r) => [attr(r, 'w:rStyle', 'w:val') ?? '', first(r, 'w:t')!.text]),
  }))
}

describe('docxFile in the official document format (GB/T 9704)', () => {
  const parts = readParts(docxFile({ text: DRAFT }))
  const styles = parts['word/styles.xml']!

  it('defines the title, both heading levels and the body as named styles', () => {
    const exact = { line: '560', lineRule: 'exact' }
    const latin = 'Times New Roman'
    expect(styleOf(styles, 'Title')).toMatchObject({
      eastAsia: '方正小标宋简体',
      size: '44',
      jc: 'center',
      ...exact,
    })
    expect(styleOf(styles, 'Heading1')).toMatchObject({
      eastAsia: '黑体',
      latin,
      size: '32',
      ...exact,
    })
    expect(styleOf(styles, 'Heading2')).toMatchObject({
      eastAsia: '楷体_GB2312',
      latin,
      size: '32',
      ...exact,
    })
    expect(styleOf(styles, 'Body')).toMatchObject({
      eastAsia: '仿宋_GB2312',
      latin,
      size: '32',
      firstLineChars: '200',
      ...exact,
    })
  })

  it('names a substitute for each font a machine may lack', () => {
    const fonts = all(parts['word/fontTable.xml']!, 'w:font')
    const alt = Object.fromEntries(
      fonts.map((f) => [f.attrs['w:name'], attr(f, 'w:altName', 'w:val')]),
    )
    expect(alt).toMatchObject({ 方正小标宋简体: '宋体', 仿宋_GB2312: '仿宋', 楷体_GB2312: '楷体' })
  })

  it('picks each paragraph’s style from the draft’s structure', () => {
    expect(paragraphs(parts['word/document.xml']!)).toEqual([
      { style: 'Title', runs: [['', '全区主题教育工作周报（11月23日—11月29日）']] },
      {
        style: 'Body',
        runs: [
          ['Heading1Char', '一、组织推进。'],
          ['', '本周全区12个参学单位中有9个报送了工作进展。'],
        ],
      },
      { style: 'Heading1', runs: [['', '二、强化组织落实，推动主题教育有序开展']] },
      { style: 'Heading2', runs: [['', '（一）加强组织领导']] },
      {
        style: 'Body',
        runs: [
          ['Heading2Char', '（二）注重督促指导。'],
          ['', '区委主题教育办发挥监督指导作用。'],
        ],
      },
      { style: 'Body', runs: [['', '一是理论学习方面。召开理论中心组会7次。']] },
    ])
  })

  it('sets an A4 page with the standard margins', () => {
    const section = first(parts['word/document.xml']!, 'w:sectPr')!
    expect(first(section, 'w:pgSz')!.attrs).toMatchObject({ 'w:w': '11906', 'w:h': '16838' })
    // 37, 35, 28 and 26 mm in twentieths of a point
    expect(first(section, 'w:pgMar')!.attrs).toMatchObject({
      'w:top': '2098',
      'w:bottom': '1984',
      'w:left': '1587',
      'w:right': '1474',
    })
  })

  it('numbers the pages at the foot, "— 1 —" in 四号 宋体, odd right and even left', () => {
    const rels = all(parts['word/_rels/document.xml.rels']!, 'Relationship')
    const footers = all(parts['word/document.xml']!, 'w:footerReference').map((ref) => {
      const target = rels.find((r) => r.attrs.Id === ref.attrs['r:id'])!.attrs.Target
      const footer = parts[`word/${target}`]!
      return {
        page: ref.attrs['w:type'],
        text: all(footer, 'w:t')
          .map((t) => t.text)
          .join(''),
        field: all(footer, 'w:instrText').map((t) => t.text.trim()),
        jc: attr(footer, 'w:jc', 'w:val'),
      }
    })
    expect(footers).toEqual([
      { page: 'default', text: '— 1 —', field: ['PAGE'], jc: 'right' },
      { page: 'even', text: '— 1 —', field: ['PAGE'], jc: 'left' },
    ])
    expect(first(parts['word/settings.xml']!, 'w:evenAndOddHeaders')).toBeDefined()
    expect(styleOf(styles, 'Footer')).toMatchObject({ eastAsia: '宋体', latin: '宋体', size: '28' })
    const types = all(parts['[Content_Types].xml']!, 'Override').map((o) => o.attrs.PartName)
    expect(types).toEqual(expect.arrayContaining(['/word/footer1.xml', '/word/footer2.xml']))
  })

  it('takes a sentence as the first line for body text, and an explicit title over it', () => {
    const opening = '主题教育开展以来，我们严格按照党中央决策部署推进。\n一、强化整体谋划'
    expect(
      paragraphs(readParts(docxFile({ text: opening }))['word/document.xml']!).map((p) => p.style),
    ).toEqual(['Body', 'Heading1'])
    const titled = readParts(docxFile({ title: '进展情况', text: '短句' }))['word/document.xml']!
    expect(paragraphs(titled).map((p) => p.style)).toEqual(['Title', 'Body'])
  })

  it('highlights every 〔待补〕 wherever it stands, and nothing else', () => {
    const text = [
      '全区主题教育工作周报（〔待补〕）',
      '一、组织推进〔待补〕。巡回督导〔待补〕次，发现问题〔待补〕〔待补〕个',
      '〔待补〕名处级领导干部制定个人学习计划〔待补〕',
    ].join('\n')
    const document = readParts(docxFile({ text }))['word/document.xml']!
    const runs = all(document, 'w:r').map((r) => ({
      text: first(r, 'w:t')!.text,
      highlight: attr(r, 'w:highlight', 'w:val'),
      style: attr(r, 'w:rStyle', 'w:val'),
    }))
    const pending = runs.filter((r) => r.highlight)
    expect(pending).toHaveLength(7)
    expect(pending.every((r) => r.text === '〔待补〕' && r.highlight === 'yellow')).toBe(true)
    expect(runs.filter((r) => !r.highlight).map((r) => r.text)).not.toContainEqual(
      expect.stringContaining('待补'),
    )
    // the blank inside a run-in heading keeps the heading's font
    expect(runs.slice(3, 6)).toEqual([
      { text: '一、组织推进', highlight: undefined, style: 'Heading1Char' },
      { text: '〔待补〕', highlight: 'yellow', style: 'Heading1Char' },
      { text: '。', highlight: undefined, style: 'Heading1Char' },
    ])
  })

  it('reads a draft with blanks back as the same text in mammoth', async () => {
    const text = `${DRAFT}\n二、理论学习。开展集中学习〔待补〕次〔待补〕`
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docxFile({ text })) })
    expect(value.split('\n').filter(Boolean)).toEqual(text.split('\n'))
  })

  it('reads back as the same text in mammoth', async () => {
    const { value } = await mammoth.extractRawText({
      buffer: Buffer.from(docxFile({ text: DRAFT })),
    })
    expect(value.split('\n').filter(Boolean)).toEqual(DRAFT.split('\n'))
  })
})
