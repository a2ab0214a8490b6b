import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { format, resolveConfig } from 'prettier'

/**
 * Workers has no filesystem, and tsx, vitest and wrangler each load `.txt` imports differently
 * (or not at all), so the office's draft templates are compiled into one TypeScript module.
 * `npm run templates` after editing a template; a test fails while the module is stale.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/drafts/', import.meta.url))
export const MODULE_PATH = `${TEMPLATES_DIR}index.ts`

export async function templatesModule(): Promise<string> {
  const files = readdirSync(TEMPLATES_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
  const entries = files.map(
    (f) =>
      `  ${JSON.stringify(f.slice(0, -4))}: ${JSON.stringify(readFileSync(TEMPLATES_DIR + f, 'utf8'))},`,
  )
  const source = [
    '// Generated from the .txt files beside it by scripts/build-draft-templates.ts (npm run',
    '// templates). Edit the .txt files, not this one.',
    '',
    '/** Report template text by name (the file name without .txt). */',
    'export const draftTemplateTexts: Record<string, string> = {',
    ...entries,
    '}',
    '',
  ].join('\n')
  const config = await resolveConfig(MODULE_PATH)
  return format(source, { ...config, filepath: MODULE_PATH })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(MODULE_PATH, await templatesModule())
  console.log(`wrote ${MODULE_PATH}`)
}
