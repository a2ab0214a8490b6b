import type { Draft } from '../../templates/draft-cards'
import type { Db } from '../../db/client'
import { reportTemplateTexts } from '../../templates/reports'
import { catalog } from '../domain/catalog'
import {
  loadTemplate,
  renderTemplate,
  templateNames,
  type ReportTemplate,
} from '../domain/report-template'
import type { DraftKind } from '../domain/draft-args'
import { periodStamp } from '../domain/period'
import { shanghaiDate, type Period } from '../domain/week'
import { reportFigures } from './figures'

/** Every shipped template, checked at first use: an unknown placeholder fails loudly, by name. */
export function loadReportTemplates(texts: Record<string, string> = reportTemplateTexts) {
  const known = templateNames(catalog)
  return new Map(
    Object.entries(texts).map(([name, text]) => [name, loadTemplate(name, text, known)]),
  )
}

let loaded: Map<string, ReportTemplate> | undefined

export function reportTemplate(kind: DraftKind): ReportTemplate {
  loaded ??= loadReportTemplates()
  const template = loaded.get(kind)
  if (!template) throw new Error(`report template missing: templates/reports/${kind}.txt`)
  return template
}

/** The office's template for this kind of report, filled with the period's numbers. */
export async function draftReport(
  db: Db,
  kind: DraftKind,
  period: Period,
  now: Date,
): Promise<Draft> {
  const values = await reportFigures(db, catalog, period, now)
  const stamp = period.kind === 'all' ? shanghaiDate(now) : periodStamp(period)
  const text = renderTemplate(reportTemplate(kind), values)
  return { kind, period, text, fileName: `主题教育${kind}-${stamp}.docx` }
}
