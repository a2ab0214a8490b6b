import type { Draft, DraftGaps } from '../../templates/draft-cards'
import type { Db } from '../../db/client'
import { draftTemplateTexts } from '../../templates/drafts'
import { catalog } from '../domain/catalog'
import {
  loadTemplate,
  renderTemplate,
  templateNames,
  type DraftTemplate,
  type TemplateValues,
} from '../domain/draft-template'
import type { DraftKind } from '../domain/draft-args'
import { periodStamp } from '../domain/period'
import { PENDING } from '../domain/draft-figures'
import { shanghaiDate, type Period } from '../domain/week'
import { draftFigures } from './figures'

/** Every shipped template, checked at first use: an unknown placeholder fails loudly, by name. */
export function loadDraftTemplates(texts: Record<string, string> = draftTemplateTexts) {
  const known = templateNames(catalog)
  return new Map(
    Object.entries(texts).map(([name, text]) => [name, loadTemplate(name, text, known)]),
  )
}

let loaded: Map<string, DraftTemplate> | undefined

export function draftTemplate(kind: DraftKind): DraftTemplate {
  loaded ??= loadDraftTemplates()
  const template = loaded.get(kind)
  if (!template) throw new Error(`draft template missing: templates/drafts/${kind}.txt`)
  return template
}

/**
 * Why each blank of the draft is blank, by the template's names: an office figure /填报 has not
 * set (in the period), an indicator no unit reported, a ledger count with no such item.
 */
export function draftGaps(names: string[], values: TemplateValues): DraftGaps {
  const gaps: DraftGaps = { office: [], unreported: [], ledger: [] }
  for (const name of new Set(names)) {
    if (values.get(name) !== PENDING) continue
    // Besides indicators, only the ledger's counts (整改.问题 …) are ever blank.
    const kind = catalog.resolve(name)?.kind ?? 'ledger'
    if (kind === 'office') gaps.office.push(name)
    else if (kind === 'ledger') gaps.ledger.push(name.replace('.', ''))
    else gaps.unreported.push(name)
  }
  return gaps
}

/** The office's template for this kind of report, filled with the period's numbers. */
export async function buildDraft(
  db: Db,
  kind: DraftKind,
  period: Period,
  now: Date,
): Promise<Draft> {
  const values = await draftFigures(db, catalog, period, now)
  const stamp = period.kind === 'all' ? shanghaiDate(now) : periodStamp(period)
  const template = draftTemplate(kind)
  const text = renderTemplate(template, values)
  const gaps = draftGaps(template.placeholders, values)
  return { kind, period, text, gaps, fileName: `主题教育${kind}-${stamp}.docx` }
}
