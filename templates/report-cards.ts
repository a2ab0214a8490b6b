import type { CorrectionHistory } from '../db/queries/corrections'
import type { ReportView } from '../db/queries/reports'
import { KINDS, type Catalog, type Kind } from '../src/domain/catalog'
import type { Figures } from '../src/domain/figures'
import type { Drop, Outlier } from '../src/domain/holds'
import { NOTHING, NOTHING_TEXT } from '../src/domain/report-args'
import { weekDates } from '../src/domain/week'
import { button, card, esc, hr, md, mention, panel, type Element } from './card'
import { CARD_BYTES, packLines, pageNote } from './card-limits'
import { amountText, totalsMarkdown, when } from './format'

export type ReceiptVars = {
  report: ReportView
  /** The reporter's name; without it (unknown to the bot) the card @mentions them. */
  reporter?: string | null
  weekLabel: string
  weekTotals: ReadonlyMap<string, number>
  /** Each reported stock's level before this report, to show beside its new total. */
  levels?: ReadonlyMap<string, number>
  /**
   * Posted in a group: a compact receipt (the figures and who in one line, the week's totals
   * folded), so 300 units' receipts do not each take a screen of the liaisons' group.
   */
  group?: boolean
  /** How to type a command where the receipt is read: `@统计机器人 ` in a group, '' privately. */
  say?: string
  /** Last week's label when the unit has not reported it and still may. */
  lastWeekMissing?: string
  /** Why the report was held back just now, with what the liaison needs to decide. */
  hold?:
    | { kind: 'duplicate'; first: Pick<ReportView, 'id' | 'createdAt'>; firstBy: string | null }
    | { kind: 'outlier'; items: Outlier[] }
    | { kind: 'drop'; items: Drop[] }
}

/** A 无 report: the unit had nothing to report that week. */
const isNothing = (report: Pick<ReportView, 'items'>) =>
  report.items.length === 1 && report.items[0]!.indicator === NOTHING

/** One reported figure; a stock says it is the unit's total now, and what it was. */
function itemText(
  catalog: Catalog,
  item: ReportView['items'][number],
  levels?: ReadonlyMap<string, number>,
) {
  const text = amountText(catalog, item.indicator, item.amount)
  const ind = catalog.byKey(item.indicator)
  if (ind?.kind !== 'stock') return text
  const before = levels?.get(item.indicator)
  return `${text}（现有总数${before === undefined ? '' : `，原 ${before}${ind.measure}`}）`
}

/**
 * The answer to /上报: what was recorded and by whom, the unit's week so far, and an 撤销
 * button. A held report says why it is not counted yet, with the button that counts it.
 */
export function receiptCard(catalog: Catalog, vars: ReceiptVars) {
  const { report } = vars
  const revoked = report.revokedAt !== null
  const waiting = report.held !== null && report.releasedAt === null && !revoked
  const nothing = isNothing(report)
  const strike = (text: string) => (revoked ? `~~${text}~~` : text)
  const texts = nothing
    ? [`${NOTHING_TEXT}（该周没有可报的数，计为已上报）`]
    : report.items.map((i) => itemText(catalog, i, vars.levels))
  const by = vars.reporter ? esc(vars.reporter) : mention(report.reporterOpenId)
  const signed = `上报人：${by} · ${when(report.createdAt)}`
  const totals = totalsMarkdown(
    catalog,
    vars.weekTotals,
    undefined,
    vars.weekTotals.has(NOTHING) ? `已报「无」：${NOTHING_TEXT}` : undefined,
  )
  // Struck through line by line: a strikethrough does not reach across list items.
  const recorded = vars.group
    ? md(`${texts.map(strike).join('，')}\n<font color='grey'>${signed}</font>`)
    : md(texts.map((t) => `- ${strike(t)}`).join('\n'))
  return card({
    title: revoked
      ? `记录 #${report.id} 已撤销`
      : waiting
        ? `暂未计入 · 记录号 #${report.id}`
        : `已记录 · 记录号 #${report.id}`,
    subtitle: `${report.unitName} · ${vars.weekLabel}`,
    colour: revoked ? 'grey' : waiting ? 'orange' : 'green',
    elements: [
      recorded,
      ...(report.note ? [md(`备注：${esc(report.note)}`)] : []),
      ...(vars.group ? [] : [md(`<font color='grey'>${signed}</font>`)]),
      ...(waiting ? heldNotice(catalog, report, vars.hold, vars.say ?? '') : []),
      ...(report.held && report.releasedAt
        ? [md(`<font color='grey'>经确认后计入（${when(report.releasedAt)}）。</font>`)]
        : []),
      ...(vars.lastWeekMissing && !revoked
        ? [
            md(
              `<font color='orange'>${vars.lastWeekMissing}本单位还没有上报。</font>有数发 **${vars.say ?? ''}/上报 上周 学习 3**，没有可报的发 **${vars.say ?? ''}/上报 上周 无**。`,
            ),
          ]
        : []),
      ...(vars.group
        ? [panel('本单位该周合计', [md(totals)])]
        : [hr(), md(`**本单位该周合计**\n${totals}`)]),
      revoked
        ? md(
            `<font color='grey'>已由 ${mention(report.revokedBy!)} 于 ${when(report.revokedAt!)} 撤销，合计已扣除。</font>`,
          )
        : button({
            text: '撤销这条记录',
            type: 'danger',
            ...(vars.group ? { size: 'small' as const } : {}),
            value: { a: 'revoke', report: report.id },
            confirm: { title: '撤销记录', text: `确定撤销记录 #${report.id} 吗？` },
          }),
    ],
  })
}

function heldNotice(catalog: Catalog, report: ReportView, hold: ReceiptVars['hold'], say: string) {
  const release = (text: string) =>
    button({ text, type: 'primary', value: { a: 'release', report: report.id } })
  if (report.held === 'duplicate') {
    const first = hold?.kind === 'duplicate' ? hold : undefined
    const who = first
      ? `${first.firstBy ? esc(first.firstBy) : '本单位'}在 ${when(first.first.createdAt)}（记录号 #${first.first.id}）`
      : '本单位'
    return [
      md(
        `<font color='orange'>这条与${who}报过的完全相同（同样的指标和数量），没有重复计入。</font>\n` +
          '如果确实又开展了一次，请点「仍要记一次」；如果是重复发送，不用处理。',
      ),
      release('仍要记一次'),
    ]
  }
  if (report.held === 'drop') {
    const drops = hold?.kind === 'drop' ? hold.items : []
    const lines = drops.map((d) => {
      const ind = catalog.byKey(d.indicator)
      return `- ${amountText(catalog, d.indicator, d.amount)}，上次现有 ${d.before}${ind?.measure ?? ''}`
    })
    const example = drops[0]
      ? `例：${say}/上报 ${catalog.byKey(drops[0].indicator)?.name ?? ''} ${drops[0].before + drops[0].amount}`
      : ''
    return [
      md(
        `<font color='orange'>比上次少了，先不计入：这一项要填本单位现有的总数，不是本周新增的数。</font>\n${lines.join('\n')}\n` +
          `确实减少到这个数，请点「是现有总数，计入」；填的是新增的数，请撤销这条后按总数重报，${example}。`,
      ),
      release('是现有总数，计入'),
    ]
  }
  const lines = (hold?.kind === 'outlier' ? hold.items : []).map(
    (o) => `- ${amountText(catalog, o.indicator, o.amount)}，本单位以往每周一般是 ${o.usual}`,
  )
  return [
    md(
      `<font color='orange'>数量远高于本单位以往，先不计入，请核对：</font>\n${lines.join('\n')}\n` +
        '核对无误请点「核对无误，计入」；写错了请撤销后重新上报。',
    ),
    release('核对无误，计入'),
  ]
}

/** /统计 and /进度: one scope's figures for a period. */
export function totalsCard(
  catalog: Catalog,
  vars: {
    /** Names the scope and the period: 全区统计 · 上周（11月16日—11月22日）. */
    title: string
    figures: Figures
    footer?: string
    /** Targets against the cumulative at the period's end. */
    completion?: Element[]
    /** What stands where there is no figure, when that is not 还没有上报 (a unit's 无). */
    empty?: string
  },
) {
  return card({
    title: vars.title,
    elements: [
      md(totalsMarkdown(catalog, vars.figures.values, vars.figures.standing, vars.empty)),
      ...(vars.completion?.length ? [hr(), ...vars.completion] : []),
      ...(vars.footer ? [hr(), md(vars.footer)] : []),
    ],
  })
}

// Newest first: when long notes and many figures outgrow a card, the oldest are left out.
const RECORDS_BYTES = CARD_BYTES - 2 * 1024

/**
 * /记录: newest first, revoked ones struck through with who and when; a correction says so,
 * and an entry it replaced is struck through with the correction's number.
 */
export function recordsCard(
  catalog: Catalog,
  vars: {
    title: string
    reports: ReportView[]
    nameOf: (openId: string) => string
    history: CorrectionHistory
  },
) {
  const who = (openId: string) => esc(vars.nameOf(openId))
  const lines = vars.reports.map((r) => {
    const correction = vars.history.corrections.get(r.id)
    const items = r.items
      .map((i) => {
        const text = amountText(catalog, i.indicator, i.amount)
        const by = vars.history.replaced.find(
          (x) => x.reportId === r.id && x.indicator === i.indicator,
        )?.byReportId
        // A revoked report is struck through whole; markdown cannot strike inside a strike.
        return by === undefined ? text : `${r.revokedAt ? text : `~~${text}~~`}（已被 #${by} 更正）`
      })
      .join('，')
    const head = `**#${r.id}** ${when(r.createdAt)} · ${esc(r.unitName)} · ${weekDates(r.week)}${correction ? ' · 更正' : ''}`
    const body = `${items}${r.note ? `（备注：${esc(r.note)}）` : ''} · ${correction ? '更正人' : '上报人'} ${who(r.reporterOpenId)}`
    const revoked = r.revokedAt
      ? `\n<font color='red'>已撤销</font>：${who(r.revokedBy!)} 于 ${when(r.revokedAt)}`
      : ''
    const held = r.held ? `\n${heldLine(r, who)}` : ''
    const afterLock = correction?.afterLock
      ? `\n<font color='orange'>锁定后的更正：这一周的数已报送上级</font>`
      : ''
    return `${head}\n${r.revokedAt ? `~~${body}~~` : body}${revoked}${held}${afterLock}`
  })
  const [shown = []] = packLines(lines, RECORDS_BYTES, '\n\n')
  const rest = lines.length - shown.length
  return card({
    title: vars.title,
    elements: [
      md(shown.length > 0 ? shown.join('\n\n') : '还没有上报记录。'),
      ...(rest > 0
        ? [md(`<font color='grey'>更早的 ${rest} 条记录这张卡片放不下，未显示。</font>`)]
        : []),
    ],
  })
}

// The list's share of a card; the header and the notes take well under the rest.
const TODAY_BYTES = 20 * 1024

/**
 * /进度 今天: every report sent today, newest first, one line each (unit, time, who, figures
 * or 无新增), and how far the week has come; a long day is paged rather than cut.
 */
export function todayCard(
  catalog: Catalog,
  vars: {
    /** 12月7日 */
    day: string
    reports: ReportView[]
    nameOf: (openId: string) => string
    /** This week so far: units that reported, of those due. */
    week: { reported: number; due: number }
    page: number
  },
) {
  const lines = vars.reports.map((r) => {
    const items = r.items.map((i) => amountText(catalog, i.indicator, i.amount)).join('，')
    const state = r.revokedAt
      ? " <font color='grey'>已撤销</font>"
      : r.held && !r.releasedAt
        ? " <font color='orange'>待确认</font>"
        : ''
    const body = `${when(r.createdAt).slice(6)} ${esc(vars.nameOf(r.reporterOpenId))} · ${items}`
    return `**${esc(r.unitName)}** ${r.revokedAt ? `~~${body}~~` : body}${state}`
  })
  const units = new Set(vars.reports.filter((r) => !r.revokedAt).map((r) => r.unitId)).size
  const pages = packLines(lines, TODAY_BYTES)
  const shown = Math.min(vars.page, Math.max(pages.length, 1))
  const { reported, due } = vars.week
  return card({
    title: `今天上报 · ${vars.day}`,
    subtitle: `${units} 个单位 · ${vars.reports.length} 条${pages.length > 1 ? ` · 第 ${shown}/${pages.length} 页` : ''}`,
    elements: [
      md(lines.length > 0 ? pages[shown - 1]!.join('\n') : '今天还没有单位上报。'),
      ...(pages.length > 1
        ? [md(pageNote(`共 ${lines.length} 条`, shown, pages.length, (p) => `/进度 今天 ${p}`))]
        : []),
      hr(),
      md(
        `本周已上报 ${reported} / ${due} 个单位（报「无」的计为已上报）；还没报的发 **/未报 本周**。`,
      ),
    ],
  })
}

/** Why a report was held back, as the office reads it. */
export const HELD_WHY = {
  duplicate: '与本周已报的完全相同',
  outlier: '数量远高于本单位以往',
  drop: '存量比上次少，待确认是现有总数',
}

/** A held report in /记录: why, and whether someone has counted it since. */
function heldLine(r: ReportView, who: (openId: string) => string) {
  const why = HELD_WHY[r.held!]
  return r.releasedAt
    ? `<font color='orange'>${why}，经 ${who(r.releasedBy!)} 于 ${when(r.releasedAt)} 确认计入</font>`
    : `<font color='orange'>${why}，暂未计入（待确认）</font>`
}

// What each kind asks of a liaison, under the list, so a running total is never summed again.
const KIND_NOTES: Record<Kind, string> = {
  flow: '报这一周新做的数，各周相加',
  stock: '报本单位现有的总数（如现有示范岗 5 个），不是本周新增的数；以最新一次为准，数变了再报',
  office: '主题教育办用 /填报 填写，单位不用上报',
  ledger: '按 /整改 登记的事项统计，单位不用上报',
}

/**
 * /指标: each category's indicators grouped by what their figure means. `say` is how a command
 * is typed where the card is read (`@统计机器人 ` in a group), so the example works as sent.
 */
export function catalogCard(catalog: Catalog, say = '') {
  const sections = catalog.byCategory().map(({ category, indicators }) => {
    const lines = (Object.keys(KINDS) as Kind[]).flatMap((kind) => {
      const items = indicators
        .filter((ind) => ind.kind === kind)
        .map((ind) => {
          const aliases = ind.aliases.length > 0 ? `（${ind.aliases.join('、')}）` : ''
          return `${ind.name}·${ind.measure}${aliases}`
        })
      return items.length > 0 ? [`${KINDS[kind]}：${items.join('；')}`] : []
    })
    return `**${category}**\n${lines.join('\n')}`
  })
  const notes = (Object.keys(KINDS) as Kind[]).map((k) => `**${KINDS[k]}**：${KIND_NOTES[k]}`)
  return card({
    title: '统计指标',
    subtitle: '上报时写指标名称或括号里的简称',
    elements: [
      md(sections.join('\n\n')),
      hr(),
      md(notes.join('\n')),
      md(`例：${esc(say)}/上报 学习 3 党课 1；这一周没有可报的数：${esc(say)}/上报 无`),
    ],
  })
}
