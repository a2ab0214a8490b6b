import { TemplateError } from '../errors'
import type { Catalog } from './catalog'
import { FIGURE_NAMES, TEXT_FIELDS } from './draft-figures'

// {{理论中心组会}}, {{单位.参学}}: a name between double braces, spaces around it allowed.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g

export type DraftTemplate = { name: string; text: string; placeholders: string[] }
export type TemplateValues = ReadonlyMap<string, number | string>

/** Every name a template may use: indicator names, counts and the period's words. */
export function templateNames(catalog: Catalog): Set<string> {
  return new Set([...catalog.all.map((ind) => ind.name), ...FIGURE_NAMES, ...TEXT_FIELDS])
}

/**
 * Checks a template once, when it is loaded: an unknown name, a stray brace or a `*` left in
 * the text would otherwise reach the office as a hole in the draft.
 */
export function loadTemplate(
  name: string,
  text: string,
  known: ReadonlySet<string>,
): DraftTemplate {
  const placeholders = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!)
  const unknown = [...new Set(placeholders.filter((p) => !known.has(p)))]
  if (unknown.length > 0) {
    const list = unknown.map((p) => `{{${p}}}`).join('、')
    throw new TemplateError(`报告模板「${name}」里有不认识的占位符：${list}`)
  }
  const rest = text.replace(PLACEHOLDER, '')
  if (/[{}]{2}/.test(rest)) throw new TemplateError(`报告模板「${name}」里有不成对的 {{ 或 }}`)
  if (/[*＊]/.test(rest)) throw new TemplateError(`报告模板「${name}」里还有没换成占位符的 *`)
  return { name, text, placeholders }
}

// A placeholder the text follows with 余 (办实事好事{{办实事好事}}余次): an approximate figure.
const APPROXIMATE = new RegExp(`${PLACEHOLDER.source}(余)?`, 'g')

/**
 * A figure the text calls approximate, as the seed writes one: rounded down to its two leading
 * digits with 余 (41 → 40余, 1375 → 1300余); a figure that loses nothing by it, a round 30 or a
 * 7, is written exactly, for 30余 would claim more than there was.
 */
export function approximate(n: number): string {
  const step = 10 ** Math.max(1, String(Math.floor(n)).length - 2)
  const rounded = Math.floor(n / step) * step
  return n < 10 || rounded === n ? String(n) : `${rounded}余`
}

/** The filled text; numbers as the seed writes them: 召开理论中心组会7次, 办实事好事40余次. */
export function renderTemplate(template: DraftTemplate, values: TemplateValues): string {
  return template.text.replace(APPROXIMATE, (_, name: string, about?: string) => {
    const value = values.get(name)
    if (value === undefined)
      throw new TemplateError(`报告模板「${template.name}」缺少「${name}」的值`)
    if (typeof value !== 'number') return value
    return about ? approximate(value) : String(value)
  })
}
