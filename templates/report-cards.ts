import type { ReportView } from '../db/queries/reports'
import type { Catalog } from '../src/domain/catalog'
import { button, card, esc, hr, md } from './card'
import { amountText, totalsMarkdown, when } from './format'

export type ReceiptVars = {
  report: ReportView
  weekLabel: string
  weekTotals: ReadonlyMap<string, number>
}

/** The answer to /上报: what was recorded, the unit's week so far, and an 撤销 button. */
export function receiptCard(catalog: Catalog, vars: ReceiptVars) {
  const { report } = vars
  const revoked = report.revokedAt !== null
  // Struck through line by line: a strikethrough does not reach across list items.
  const recorded = report.items
    .map((i) => amountText(catalog, i.indicator, i.amount))
    .map((text) => `- ${revoked ? `~~${text}~~` : text}`)
    .join('\n')
  return card({
    title: revoked ? `记录 #${report.id} 已撤销` : `已记录 · 记录号 #${report.id}`,
    subtitle: `${report.unitName} · ${vars.weekLabel}`,
    colour: revoked ? 'grey' : 'green',
    elements: [
      md(recorded),
      ...(report.note ? [md(`备注：${esc(report.note)}`)] : []),
      hr(),
      md(`**本单位该周合计**\n${totalsMarkdown(catalog, vars.weekTotals)}`),
      revoked
        ? md(`<font color='grey'>已于 ${when(report.revokedAt!)} 撤销，合计已扣除。</font>`)
        : button({
            text: '撤销这条记录',
            type: 'danger',
            value: { a: 'revoke', report: report.id },
            confirm: { title: '撤销记录', text: `确定撤销记录 #${report.id} 吗？` },
          }),
    ],
  })
}

export function totalsCard(
  catalog: Catalog,
  vars: { title: string; periodLabel: string; sums: ReadonlyMap<string, number>; footer?: string },
) {
  return card({
    title: vars.title,
    subtitle: vars.periodLabel,
    elements: [
      md(totalsMarkdown(catalog, vars.sums)),
      ...(vars.footer ? [hr(), md(vars.footer)] : []),
    ],
  })
}

/** /记录: newest first, revoked ones struck through with who and when. */
export function recordsCard(
  catalog: Catalog,
  vars: { title: string; reports: ReportView[]; nameOf: (openId: string) => string },
) {
  const who = (openId: string) => esc(vars.nameOf(openId))
  const lines = vars.reports.map((r) => {
    const items = r.items.map((i) => amountText(catalog, i.indicator, i.amount)).join('，')
    const head = `**#${r.id}** ${when(r.createdAt)} · ${esc(r.unitName)} · ${r.week}`
    const body = `${items}${r.note ? `（备注：${esc(r.note)}）` : ''} · 上报人 ${who(r.reporterOpenId)}`
    const revoked = r.revokedAt
      ? `\n<font color='red'>已撤销</font>：${who(r.revokedBy!)} 于 ${when(r.revokedAt)}`
      : ''
    return `${head}\n${r.revokedAt ? `~~${body}~~` : body}${revoked}`
  })
  return card({
    title: vars.title,
    elements: [md(lines.length > 0 ? lines.join('\n\n') : '还没有上报记录。')],
  })
}

export function catalogCard(catalog: Catalog) {
  const sections = catalog.byCategory().map(({ category, indicators }) => {
    const items = indicators.map((ind) => {
      const aliases = ind.aliases.length > 0 ? `（${ind.aliases.join('、')}）` : ''
      return `${ind.name}·${ind.measure}${aliases}`
    })
    return `**${category}**\n${items.join('；')}`
  })
  return card({
    title: '统计指标',
    subtitle: '上报时写指标名称或括号里的简称',
    elements: [md(sections.join('\n\n')), hr(), md('例：/上报 学习 3 党课 1')],
  })
}
