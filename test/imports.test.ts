import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The import rules of docs/design.md, read off the tree: every relative import of every .ts
 * file, `import type` and `import()` included (a circle of types is a circle all the same).
 */
const ROOT = fileURLToPath(new URL('../', import.meta.url))
const SKIP = new Set(['node_modules', 'dist', 'data', 'coverage'])

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (SKIP.has(name) || name.startsWith('.')) return []
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]
  return candidates.find((c) => existsSync(c) && statSync(c).isFile())
}

const graph = new Map<string, string[]>()
for (const file of sources(ROOT)) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  const targets = importedFiles
    .map((i) => i.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolveImport(file, s))
  graph.set(
    relative(ROOT, file),
    targets.filter((t) => t !== undefined).map((t) => relative(ROOT, t)),
  )
}
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })))

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function circles(): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      component.push(w)
      if (w === v) break
    }
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component.sort())
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return found
}

const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`)
const ENTRIES = ['src/index.ts', 'src/node.ts']

describe('the imports', () => {
  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(300)
    expect(graph.get('src/index.ts')).toContain('commands/index.ts')
  })

  it('form no circle', () => {
    expect(circles()).toEqual([])
  })

  it('reach commands/ from nothing below it but the two entries', () => {
    const below = ['src', 'templates', 'db'].map(under)
    const into = edges.filter(
      ({ from, to }) =>
        under('commands')(to) && below.some((b) => b(from)) && !ENTRIES.includes(from),
    )
    expect(into).toEqual([])
  })

  it('reach test/ only from tests and the rigs, and bench/ from nothing outside it', () => {
    const product = (file: string) => !under('test')(file) && !under('bench')(file)
    expect(edges.filter(({ from, to }) => product(from) && under('test')(to))).toEqual([])
    expect(edges.filter(({ from, to }) => !under('bench')(from) && under('bench')(to))).toEqual([])
  })

  it('never go both ways between two folders of src/', () => {
    const folder = (file: string) => file.split('/').slice(0, 2).join('/')
    const between = new Set(
      edges
        .filter(({ from, to }) => under('src')(from) && under('src')(to))
        .map(({ from, to }) => [folder(from), folder(to)])
        .filter(([a, b]) => a !== b && !a!.endsWith('.ts') && !b!.endsWith('.ts'))
        .map(([a, b]) => `${a} → ${b}`),
    )
    const both = [...between].filter((e) => between.has(e.split(' → ').reverse().join(' → ')))
    expect(both).toEqual([])
  })
})
