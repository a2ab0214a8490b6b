import { describe, expect, it } from 'vitest'
import { handlers } from '../../commands'
import type { RectificationItem } from '../../db/queries/rectifications'
import type { ReportView } from '../../db/queries/reports'
import type { RectificationEvidence, RectificationHistory, Unit } from '../../db/schema'
import { catalog } from '../../src/domain/catalog'
import { PENDING } from '../../src/domain/draft-figures'
import { periodFor } from '../../src/domain/week'
import { replyRefusedCard, welcomeCard } from '../../templates/bot-notices'
import type { Card } from '../../templates/card'
import { CARD_BYTES, CARD_ELEMENTS, cardSize, packLines } from '../../templates/card-limits'
import { correctionCard } from '../../templates/correction-cards'
import { digestCard } from '../../templates/digest-card'
import { draftCards } from '../../templates/draft-cards'
import { errorCard, helpCard, unknownCommandCard } from '../../templates/help-card'
import { lockConfirmCard, weekLockCard } from '../../templates/lock-cards'
import { missingCard, remindCards, type MissingVars } from '../../templates/missing-card'
import { officeFiguresCard } from '../../templates/office-cards'
import { dueSoonCard, overdueAlertCard } from '../../templates/rectification-alerts'
import { rectificationDetailCard, rectificationListCard } from '../../templates/rectification-cards'
import { rectificationReviewDecidedCard } from '../../templates/rectification-review-decided'
import {
  rectificationAddFormCard,
  rectificationCloseFormCard,
  rectificationExtendFormCard,
  rectificationReviewCard,
} from '../../templates/rectification-forms'
import { draftTemplateTexts } from '../../templates/drafts'
import {
  catalogCard,
  receiptCard,
  recordsCard,
  todayCard,
  totalsCard,
} from '../../templates/report-cards'
import { targetsCard } from '../../templates/target-cards'
import { unitListCard } from '../../templates/unit-cards'
import { cardText } from '../support/bot'
import { DISTRICT_UNITS, districtLeadersView, districtUnits, unitName } from '../support/district'

// Every card builder, driven with a district of 1,000 units, 1,000 liaisons and 1,000 ledger
// items, names of about 20 Chinese characters and texts at their longest: each card it gives
// stays within 25 KB and 200 elements as Lark counts them (templates/card-limits.ts).

const NOW = new Date('2026-11-27T07:00:00Z')
const TODAY = '2026-11-27'
const N = DISTRICT_UNITS
const long = (n: number) => '长'.repeat(n)
const admin = { openId: 'ou_admin', role: 'admin' as const, unitId: null }
const missing = districtUnits()
const everyFigure = new Map(catalog.all.map((i) => [i.key, 99999]))

const units: Unit[] = missing.map((u) => ({
  id: u.id,
  name: u.name,
  aliases: [],
  active: true,
  createdAt: NOW,
}))

const item = (i: number): RectificationItem => ({
  id: i + 1,
  code: `ZG-2026-${String(i + 1).padStart(3, '0')}`,
  year: 2026,
  seq: i + 1,
  problem: long(1000),
  source: '群众反映',
  measures: long(1000),
  deadline: '2026-11-28',
  leadLeader: long(20),
  leadLeaderOpenId: null,
  unitId: 1,
  unitName: unitName(0),
  status: 'open',
  createdBy: 'ou_admin',
  createdAt: NOW,
  closedAt: null,
  notifyLiaisons: true,
})
const items = Array.from({ length: N }, (_, i) => item(i))

const evidence: RectificationEvidence[] = Array.from({ length: N }, (_, i) => ({
  id: i + 1,
  rectificationId: 1,
  kind: (['image', 'file', 'text'] as const)[i % 3]!,
  key: long(500),
  name: long(200),
  messageId: `om_${i}`,
  actorOpenId: `ou_${i}`,
  createdAt: NOW,
}))
const history: RectificationHistory[] = Array.from({ length: N }, (_, i) => ({
  id: i + 1,
  rectificationId: 1,
  actorOpenId: `ou_${i}`,
  action: 'progress',
  field: null,
  oldValue: null,
  newValue: null,
  note: long(500),
  dedupeKey: null,
  createdAt: NOW,
}))

const report = (i: number): ReportView => ({
  id: i + 1,
  messageId: `om_${i}`,
  unitId: 1,
  unitName: unitName(i),
  week: '2026-W48',
  reporterOpenId: `ou_${i}`,
  note: '备'.repeat(200),
  createdAt: NOW,
  revokedBy: null,
  revokedAt: null,
  held: null,
  releasedBy: null,
  releasedAt: null,
  items: catalog.all.map((ind) => ({ indicator: ind.key, amount: 99999 })),
})

const missingVars: MissingVars = {
  week: '2026-W48',
  word: '本周',
  weekLabel: '本周（11月23日—11月29日）',
  missing,
  activeUnits: N,
}

/** Every page /未报 has for these units, from 1 until the card says it is the last. */
function missingPages(): Card[] {
  const pages = [missingCard(missingVars, 1)]
  const count = Number(/第 1\/(\d+) 页/.exec(cardText(pages[0]))?.[1] ?? 1)
  for (let p = 2; p <= count; p++) pages.push(missingCard(missingVars, p))
  return pages
}

/** Every page of /单位 列表 for these units. */
function unitListPages(): Card[] {
  const liaisons = new Map(missing.map((u) => [u.id, u.liaisons.map((l) => l.name)]))
  const page = (p: number) => unitListCard(units, (id) => liaisons.get(id) ?? [], p)
  const count = Number(/第 1\/(\d+) 页/.exec(cardText(page(1)))?.[1] ?? 1)
  return Array.from({ length: count }, (_, i) => page(i + 1))
}

const names = Array.from({ length: 60 }, (_, i) => long(10) + i)

const builders: Record<string, () => Card | Card[]> = {
  unitListCard: unitListPages,
  welcomeCard: () => welcomeCard(long(20)),
  replyRefusedCard: () => replyRefusedCard('oc_1', long(30_000)),
  correctionCard: () =>
    correctionCard(catalog, {
      id: 1,
      unitName: unitName(0),
      weekLabel: '本周',
      indicator: catalog.all[0]!,
      before: 1,
      amount: 2,
      replaced: Array.from({ length: 100 }, (_, i) => ({
        reportId: i,
        amount: 9,
        by: long(20),
        at: NOW,
        counts: false,
      })),
      by: { openId: 'ou_1', name: long(20) },
      at: NOW,
      afterLock: { by: long(20), at: NOW },
      weekTotals: everyFigure,
      again: '/更正 学习 3',
    }),
  digestCard: () =>
    digestCard(catalog, {
      week: '2026-W48',
      weekLabel: '上周（11月23日—11月29日）',
      asOf: '截至11月29日',
      weekSums: everyFigure,
      weekStanding: everyFigure,
      previousSums: everyFigure,
      cumulative: everyFigure,
      missing,
      activeUnits: N,
      rectifications: { opened: N, closed: N, overdue: N },
      held: Array.from({ length: N }, (_, i) => ({ ...report(i), held: 'outlier' as const })),
      leaders: districtLeadersView(),
      actions: { nudge: true, stats: true, progress: true, items: true },
    }),
  draftCards: () =>
    draftCards({
      kind: '累计',
      period: periodFor('累计', NOW),
      text: draftTemplateTexts['累计']!.replace(/\{\{[^}]+\}\}/g, PENDING).repeat(3),
      gaps: { office: names, unreported: names, ledger: names },
      fileName: '报告.docx',
    }),
  helpCard: () =>
    helpCard(handlers.commands.list, {
      actor: admin,
      botName: long(20),
      inGroup: true,
      unitName: long(30),
    }),
  unknownCommandCard: () => unknownCommandCard(long(10_000), handlers.commands.list, admin),
  errorCard: () =>
    errorCard(
      `「区」对应多个单位：${missing.map((u) => `「${u.name}」`).join('、')}`,
      '<'.repeat(9000),
    ),
  weekLockCard: () =>
    weekLockCard({
      title: '锁定',
      done: long(200),
      lock: { through: '本周', by: long(20), at: NOW },
    }),
  lockConfirmCard: () =>
    lockConfirmCard({
      through: '11月16日—11月22日',
      weeks: Array.from({ length: 4 }, () => ({
        dates: '11月16日—11月22日',
        missing: missing.map((u) => u.name),
      })),
      unlisted: 20,
      value: { a: 'weeks-lock', w: '2026-W47', f: '' },
    }),
  missingCard: missingPages,
  remindCards: () =>
    remindCards({ week: '2026-W48', weekLabel: '本周', missing, botName: long(20) }),
  officeFiguresCard: () =>
    officeFiguresCard({
      changes: catalog.all.map((indicator) => ({ indicator, amount: 99999, before: 99999 })),
      lines: catalog.all.map((indicator) => ({
        indicator,
        latest: { amount: 99999, setBy: long(20), at: NOW },
      })),
    }),
  overdueAlertCard: () => overdueAlertCard(items[0]!, TODAY),
  dueSoonCard: () =>
    dueSoonCard({ unitName: unitName(0), items, today: TODAY, botName: '统计机器人' }),
  rectificationListCard: () =>
    rectificationListCard({
      place: { v: 'all', u: 1, p: 3 },
      unitName: unitName(0),
      items: items.slice(0, 10),
      total: N,
      today: TODAY,
    }),
  rectificationDetailCard: () =>
    rectificationDetailCard({
      item: items[0]!,
      history,
      evidence,
      nameOf: () => long(20),
      today: TODAY,
      notice: long(200),
    }),
  rectificationAddFormCard: () => rectificationAddFormCard(units, 'om_1'),
  rectificationAddFormCardAtTheDropdownsLimit: () =>
    rectificationAddFormCard(units.slice(0, 100), 'om_1'),
  rectificationExtendFormCard: () => rectificationExtendFormCard(items[0]!, TODAY),
  rectificationReviewCard: () =>
    rectificationReviewCard({
      item: items[0]!,
      requestId: 1,
      note: long(5000),
      evidence,
      nameOf: () => long(20),
      today: TODAY,
    }),
  rectificationCloseFormCard: () =>
    rectificationCloseFormCard({
      item: items[0]!,
      today: TODAY,
      admin: false,
      place: { v: 'all', u: 1, p: 3 },
      botName: long(20),
    }),
  rectificationReviewDecidedCard: () =>
    rectificationReviewDecidedCard({
      item: items[0]!,
      approved: false,
      by: 'ou_office',
      at: new Date('2026-11-27T02:00:00Z'),
      note: long(5000),
      today: TODAY,
    }),
  receiptCard: () =>
    receiptCard(catalog, {
      report: { ...report(0), held: 'outlier' },
      reporter: long(20),
      weekLabel: '本周',
      weekTotals: everyFigure,
      hold: {
        kind: 'outlier',
        items: catalog.all.map((i) => ({ indicator: i.key, amount: 99999, usual: 9 })),
      },
    }),
  totalsCard: () =>
    totalsCard(catalog, {
      title: long(20),
      figures: { values: everyFigure, standing: everyFigure },
      footer: long(200),
    }),
  recordsCard: () =>
    recordsCard(catalog, {
      title: '上报记录',
      reports: Array.from({ length: 15 }, (_, i) => report(i)),
      nameOf: () => long(20),
      history: { corrections: new Map(), replaced: [] },
    }),
  todayCard: () =>
    todayCard(catalog, {
      day: '11月27日',
      reports: Array.from({ length: 3 * N }, (_, i) => report(i % N)),
      nameOf: () => long(20),
      week: { reported: N, due: N },
      page: 1,
    }),
  catalogCard: () => catalogCard(catalog),
  targetsCard: () =>
    targetsCard({
      change: {
        kind: 'target',
        scope: unitName(0),
        name: long(10),
        amount: 99999,
        before: 99999,
        measure: '次',
      },
      district: catalog.all.map((indicator) => ({
        indicator,
        unitId: null,
        target: 99_999_999,
        done: 99_999_999,
        percent: 100,
        time: 100,
        pace: '已完成' as const,
      })),
      deadline: '2027年1月31日',
      units: missing.map((u) => ({
        name: u.name,
        items: catalog.all.map((indicator) => ({
          indicator,
          unitId: u.id,
          target: 99999,
          done: 99999,
          percent: 100,
          time: 100,
          pace: '已完成' as const,
        })),
      })),
      asOf: '截至11月27日',
    }),
}

describe('every card at district scale', () => {
  it.each(Object.entries(builders))('%s: each message ≤ 25 KB and ≤ 200 elements', (_, build) => {
    const built = build()
    for (const card of Array.isArray(built) ? built : [built]) {
      const size = cardSize(card)
      expect(size.bytes).toBeLessThanOrEqual(CARD_BYTES)
      expect(size.elements).toBeLessThanOrEqual(CARD_ELEMENTS)
    }
  })
})

/** Every unit's name each card holds in bold. */
const unitsIn = (card: Card) =>
  [...cardText(card).matchAll(/\*\*(某某区[^*]+)\*\*/g)].map((m) => m[1])

describe('long lists', () => {
  it('splits the reminder across messages, every unit in exactly one, each saying what follows', () => {
    const cards = remindCards({
      week: '2026-W48',
      weekLabel: '本周',
      missing,
      botName: '统计机器人',
    })
    expect(cards.length).toBeGreaterThan(1)
    expect(cards.flatMap(unitsIn)).toEqual(missing.map((u) => u.name))
    const first = cardText(cards[0])
    expect(first).toContain(`上报提醒（1/${cards.length}）`)
    expect(first).toMatch(new RegExp(`第 1—\\d+ 个单位（共 ${N} 个）`))
    expect(first).toMatch(/另有 \d+ 个单位，见第 2 条消息/)
    expect(cardText(cards.at(-1))).not.toContain('另有')
    expect(cards.every((c) => cardText(c).includes('@统计机器人 /上报'))).toBe(true)
    const mentions = cards.flatMap((c) => [...JSON.stringify(c).matchAll(/<at id=(ou_\w+)>/g)])
    expect(mentions).toHaveLength(missing.flatMap((u) => u.liaisons).length)
  })

  it('pages /未报, every unit on exactly one page, and says how to turn it', () => {
    const pages = missingPages()
    expect(pages.length).toBeGreaterThan(1)
    expect(pages.flatMap(unitsIn)).toEqual(missing.map((u) => u.name))
    expect(cardText(pages[0])).toContain('下一页发送 **/未报 本周 2**')
    expect(cardText(pages.at(-1))).toContain(`上一页发送 **/未报 本周 ${pages.length - 1}**`)
    expect(cardText(missingCard(missingVars, 99))).toEqual(cardText(pages.at(-1)))
  })

  it('pages /单位 列表, every unit on exactly one page', () => {
    const pages = unitListPages()
    expect(pages.length).toBeGreaterThan(1)
    const listed = pages.flatMap((c) =>
      [...cardText(c).matchAll(/^\d+\. (.+?) · 联络员/gm)].map((m) => m[1]),
    )
    expect(listed).toEqual(units.map((u) => u.name))
    expect(cardText(pages[0])).toContain('下一页发送 **/单位 列表 2**')
  })

  it('cuts the due-soon list and the records, saying how many are left out and where to look', () => {
    const due = cardText(
      dueSoonCard({ unitName: unitName(0), items, today: TODAY, botName: '统计机器人' }),
    )
    const shown = due.match(/\*\*ZG-2026-\d{3}\*\*/g)!.length
    expect(due).toContain(`另有 ${N - shown} 项也将到期，发送 **/整改 ${unitName(0)}** 查看全部`)
    const records = builders.recordsCard!() as Card
    expect(cardText(records)).toMatch(/更早的 \d+ 条记录这张卡片放不下/)
  })

  it('types the unit in, instead of a dropdown, past 100 units', () => {
    const form = (count: number) =>
      JSON.stringify(rectificationAddFormCard(units.slice(0, count), 'f'))
    expect(form(100)).toContain('"select_static","name":"unit"')
    expect(form(101)).not.toContain('"name":"unit"')
    expect(form(101)).toContain('"name":"unit_name"')
    expect(form(101)).toContain('共 101 个，写名称或简称')
  })
})

describe('counting as Lark does', () => {
  it('counts every tagged object: header texts, nested columns, a button’s text, options', () => {
    const card = {
      header: { title: { tag: 'plain_text', content: 't' } },
      body: {
        elements: [
          {
            tag: 'column_set',
            columns: [
              { tag: 'column', elements: [{ tag: 'button', text: { tag: 'plain_text' } }] },
            ],
          },
          { tag: 'select_static', options: [{ text: { tag: 'plain_text' }, value: '1' }] },
          { tag: 'table', rows: [{ name: '区财政局' }] },
        ],
      },
    }
    expect(cardSize(card).elements).toBe(8)
  })

  it('packs lines within a budget of JSON bytes, a newline escaped counting two', () => {
    const groups = packLines(['一二', '三四', '五'], 14)
    expect(groups).toEqual([['一二', '三四'], ['五']])
    expect(packLines(['"'.repeat(10)], 5)).toEqual([['"'.repeat(10)]])
  })
})
