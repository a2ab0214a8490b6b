import { TemplateError } from '../../src/errors'
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { MODULE_PATH, TEMPLATES_DIR, templatesModule } from '../../scripts/build-draft-templates'
import { catalog } from '../../src/domain/catalog'
import { FIGURE_NAMES } from '../../src/domain/draft-figures'
import { loadTemplate, renderTemplate, templateNames } from '../../src/domain/draft-template'
import { loadDraftTemplates } from '../../src/documents/draft'
import { draftTemplateTexts } from '../../templates/drafts'
import { draftSeedText, seedText } from '../support/fixtures'

const known = templateNames(catalog)
const cumulative = loadTemplate('累计', draftTemplateTexts['累计']!, known)

describe('the default template: the seed with every * named', () => {
  it('has one placeholder per * and otherwise the seed text, byte for byte', () => {
    expect(seedText.split('*').length - 1).toBe(46)
    // The seed's 方案7个 and 巡回督导…5次 are office figures too: named, not written in.
    const stars = draftSeedText.split('*').length - 1
    expect(stars).toBe(52)
    expect(cumulative.placeholders).toHaveLength(stars)
    expect(cumulative.text.split(/\{\{[^{}]*\}\}/)).toEqual(draftSeedText.split('*'))
  })

  it('renders to the seed with a number in place of each *, and nothing else changed', () => {
    const values = new Map<string, number | string>()
    cumulative.placeholders.forEach((name, i) => values.set(name, 1000 + i))
    const text = renderTemplate(cumulative, values)
    const numbers = (s: string) => s.match(/\d+/g) ?? []
    expect(numbers(text).length).toBe(numbers(draftSeedText).length + 52)
    // 办实事好事{{…}}余次 is approximate: 1043 reads 1000余次.
    expect(text).toMatch(/办实事好事1000余次/)
    expect(text.replace(/1\d{3}/g, '*')).toBe(draftSeedText)
    expect(text).not.toMatch(/[*{}]|undefined/)
  })

  it('fills 召开理论中心组会*次 the way the seed writes numbers', () => {
    const values = new Map<string, number | string>([...known].map((n) => [n, 0]))
    values.set('理论中心组会', 7)
    expect(renderTemplate(cumulative, values)).toContain('召开理论中心组会7次')
  })
})

describe('the 累计 draft covers the campaign', () => {
  it('names every figure units report and the office fills (the ledger’s by their counts)', () => {
    const named = new Set(cumulative.placeholders)
    const left = catalog.all.filter((ind) => ind.kind !== 'ledger' && !named.has(ind.name))
    expect(left.map((ind) => ind.name)).toEqual([])
  })

  it('starts with a title line', () => {
    expect(cumulative.text.split('\n')[0]).toBe('全区主题教育工作进展情况报告')
  })
})

describe('a figure followed by 余', () => {
  const template = loadTemplate('t', '办实事好事{{办实事好事}}余次，集中学习{{集中学习}}次', known)
  const render = (n: number | string) =>
    renderTemplate(
      template,
      new Map<string, number | string>([
        ['办实事好事', n],
        ['集中学习', 41],
      ]),
    )

  it.each([
    [41, '办实事好事40余次'],
    [137, '办实事好事130余次'],
    [1375, '办实事好事1300余次'],
    [30, '办实事好事30次'],
    [7, '办实事好事7次'],
    ['〔待补〕', '办实事好事〔待补〕次'],
  ])('%s reads %s, and a figure without 余 stays exact', (n, read) => {
    expect(render(n)).toBe(`${read}，集中学习41次`)
  })
})

describe('loading templates', () => {
  it('loads every shipped template', () => {
    const loaded = loadDraftTemplates()
    expect([...loaded.keys()].sort()).toEqual(['周报', '月报', '累计'])
    for (const t of loaded.values()) expect(t.placeholders.length, t.name).toBeGreaterThan(10)
  })

  it('rejects an unknown placeholder in every shipped template, naming it', () => {
    for (const [name, text] of Object.entries(draftTemplateTexts)) {
      const broken = { [name]: `${text}另有{{理论中心会}}次。` }
      expect(() => loadDraftTemplates(broken), name).toThrow(TemplateError)
      expect(() => loadDraftTemplates(broken), name).toThrow(
        `报告模板「${name}」里有不认识的占位符：{{理论中心会}}`,
      )
    }
  })

  it('rejects a * left in the text and a stray brace', () => {
    expect(() => loadTemplate('t', '召开理论中心组会*次', known)).toThrow('*')
    expect(() => loadTemplate('t', '召开{{理论中心组会}次', known)).toThrow('不成对')
  })

  it('keeps count names apart from indicator names', () => {
    for (const name of FIGURE_NAMES) expect(catalog.resolve(name), name).toBeUndefined()
    for (const ind of catalog.all) expect(ind.name).not.toContain('.')
  })

  it('ships a template module that matches the .txt files (npm run templates)', async () => {
    expect(readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.txt'))).toHaveLength(3)
    expect(readFileSync(MODULE_PATH, 'utf8')).toBe(await templatesModule())
  })
})
