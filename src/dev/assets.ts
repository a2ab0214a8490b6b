import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const resolve = createRequire(import.meta.url).resolve

const TYPES = { js: 'text/javascript', css: 'text/css', html: 'text/html' } as const

/**
 * The page's files, read once: our own from ./public, the markdown renderer, the sanitizer and
 * the chart library straight from node_modules (their browser builds), so the page needs no
 * build step.
 */
export function loadAssets() {
  const files: Record<string, string> = {
    'index.html': join(here, 'public/index.html'),
    'console.css': join(here, 'public/console.css'),
    'console.js': join(here, 'public/console.js'),
    'card-view.js': join(here, 'public/card-view.js'),
    // marked exports only its ESM build; the browser build sits next to it.
    'marked.js': join(dirname(resolve('marked')), 'marked.umd.js'),
    'purify.js': resolve('dompurify/purify.min.js'),
    // What Lark's client draws a chart component with (templates/charts.ts), as one UMD file.
    'vchart.js': resolve('@visactor/vchart/build/index.min.js'),
  }
  const loaded = new Map(
    Object.entries(files).map(([name, path]) => {
      const ext = name.split('.').pop() as keyof typeof TYPES
      return [name, { body: readFileSync(path, 'utf8'), type: `${TYPES[ext]}; charset=utf-8` }]
    }),
  )
  return (name: string) => loaded.get(name)
}
