import { describe, expect, it } from 'vitest'
import { CATEGORIES, catalog, createCatalog, type Indicator } from '../../src/domain/catalog'
import data from '../../src/domain/indicators.json'

const names = (list: Indicator[]) => list.map((ind) => ind.name)
const ind = (over: Partial<Indicator>): Indicator => ({
  key: 'study',
  name: '集中学习',
  measure: '次',
  category: '理论学习',
  aliases: [],
  kind: 'flow',
  ...over,
})

describe('the indicator catalog (indicators.json)', () => {
  it('holds every indicator of Appendix A', () => {
    expect(catalog.all).toHaveLength(51)
    expect(new Set(catalog.all.map((i) => i.key)).size).toBe(51)
  })

  it('resolves every name and alias to exactly one indicator, its owner', () => {
    for (const entry of data) {
      for (const word of [entry.name, ...entry.aliases]) {
        const owners = data.filter((e) => e.name === word || e.aliases.includes(word))
        expect(
          owners.map((e) => e.key),
          word,
        ).toEqual([entry.key])
        expect(catalog.resolve(word)?.key, word).toBe(entry.key)
      }
    }
  })

  it.each([
    ['学习', '集中学习'],
    ['党课', '书记讲党课'],
    ['调研', '基层调研'],
    ['建章立制', '新建制度'],
    ['督导', '巡回督导'],
    ['周报', '报送周报'],
    ['月报', '报送月报'],
    ['信息', '亮点信息'],
    ['中心组', '理论中心组会'],
    ['培训', '专题培训'],
    ['讲堂', '业务讲堂'],
    ['送学', '上门送学'],
    ['读书班', '读书班'],
    ['课题', '调研课题'],
    ['联系点', '领导联系点'],
    ['示范岗', '党员示范岗'],
    ['责任区', '党员责任区'],
    ['突击队', '党员突击队'],
    ['办实事', '办实事好事'],
    ['问题', '梳理问题'],
    ['清单', '问题清单'],
  ])('alias %s → %s', (alias, name) => {
    expect(catalog.resolve(alias)?.name).toBe(name)
  })

  it('resolves after normalising width and spaces, and rejects ambiguous 讲党课', () => {
    expect(catalog.resolve(' 学习\u3000')?.key).toBe('study')
    expect(catalog.resolve('讲党课')).toBeUndefined()
    expect(catalog.resolve('')).toBeUndefined()
  })

  it('groups by category in the seed order', () => {
    const groups = catalog.byCategory()
    expect(groups.map((g) => g.category)).toEqual([...CATEGORIES])
    expect(names(groups[5]!.indicators)).toEqual(['新建制度', '修订制度', '废止制度'])
    expect(groups.reduce((n, g) => n + g.indicators.length, 0)).toBe(51)
  })

  it("knows what each figure means: the seed's 截至目前 counts are stocks", () => {
    const of = (kind: string) => names(catalog.all.filter((i) => i.kind === kind))
    expect(of('stock')).toEqual([
      '处级干部制定计划',
      '个人学习计划',
      '支部学习计划',
      '领导联系点',
      '推动发展清单',
      '党员示范岗',
      '党员责任区',
      '党员突击队',
      '问题清单',
    ])
    expect(of('office')).toEqual([
      '抽调干部',
      '制定方案',
      '巡回督导',
      '报送周报',
      '报送月报',
      '亮点信息',
      '调研内容方面',
    ])
    expect(of('ledger')).toEqual([
      '督导发现问题',
      '督导整改问题',
      '梳理问题',
      '整改措施',
      '专项整治问题',
    ])
    expect(catalog.resolve('学习')?.kind).toBe('flow')
    expect(catalog.resolve('问题')?.ledger).toBe('整改.问题')
  })

  it('looks up by key and gives a default maximum', () => {
    const study = catalog.byKey('study')!
    expect(study.name).toBe('集中学习')
    expect(catalog.maxFor(study)).toBe(9999)
    expect(catalog.maxFor({ ...study, max: 50 })).toBe(50)
    expect(catalog.byKey('nope')).toBeUndefined()
  })
})

describe('closest', () => {
  it('suggests the indicator an unknown word most resembles', () => {
    expect(names(catalog.closest('四下'))).toEqual(['四下基层'])
    expect(names(catalog.closest('学xi'))[0]).toBe('集中学习')
    expect(names(catalog.closest('中心组学习'))[0]).toBe('理论中心组会')
  })

  it('offers both 党课 indicators for a typo of the generic word', () => {
    expect(names(catalog.closest('党客'))).toEqual(['书记讲党课', '领导干部讲党课'])
    expect(names(catalog.closest('讲党课'))).toEqual(['书记讲党课', '领导干部讲党课'])
  })

  it('respects n and is empty only when nothing is shared', () => {
    expect(catalog.closest('学xi', 1)).toHaveLength(1)
    expect(catalog.closest('学xi').length).toBeLessThanOrEqual(3)
    expect(catalog.closest('abc')).toEqual([])
    expect(catalog.closest('')).toEqual([])
    for (const ch of new Set(catalog.all.flatMap((i) => [...i.name]))) {
      expect(catalog.closest(`${ch}×`).length, ch).toBeGreaterThan(0)
    }
  })
})

describe('createCatalog', () => {
  it('refuses a word that would point at two indicators', () => {
    const list = [
      ind({ aliases: ['学习'] }),
      ind({ key: 'online', name: '网络学习', aliases: ['学习'] }),
    ]
    expect(() => createCatalog(list)).toThrow(/「学习」 is used by both study and online/)
  })

  it('refuses duplicate keys and names', () => {
    expect(() => createCatalog([ind({}), ind({ name: '别的' })])).toThrow(/key 「study」/)
    expect(() => createCatalog([ind({}), ind({ key: 'other' })])).toThrow(/「集中学习」/)
  })

  it('refuses an alias that is another indicator’s name', () => {
    const list = [ind({}), ind({ key: 'other', name: '网络学习', aliases: ['集中学习'] })]
    expect(() => createCatalog(list)).toThrow(/「集中学习」/)
  })

  it('validates the shape: category, key format, digits in names', () => {
    expect(() => createCatalog([ind({ category: '其他' as Indicator['category'] })])).toThrow()
    expect(() => createCatalog([ind({ key: 'Study' })])).toThrow()
    expect(() => createCatalog([ind({ name: '学习2' })])).toThrow()
    expect(() => createCatalog([ind({ aliases: ['学 习'] })])).toThrow()
  })

  it('counts an indicator week by week unless told otherwise; a ledger one names its count', () => {
    expect(createCatalog([ind({})]).all[0]!.kind).toBe('flow')
    expect(() => createCatalog([ind({ kind: 'ledger' })])).toThrow(/ledger/)
    expect(() => createCatalog([ind({ ledger: '整改.问题' })])).toThrow(/ledger/)
    expect(() => createCatalog([ind({ kind: 'ledger', ledger: '台账.别的' })])).toThrow()
    expect(createCatalog([ind({ kind: 'ledger', ledger: '整改.问题' })]).all[0]!.ledger).toBe(
      '整改.问题',
    )
  })

  it('tolerates an alias repeating its own name', () => {
    expect(createCatalog([ind({ aliases: ['集中学习'] })]).resolve('集中学习')?.key).toBe('study')
  })
})
