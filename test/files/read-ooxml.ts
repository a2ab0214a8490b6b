import { strFromU8, unzipSync } from 'fflate'

/** An XML element as the tests need it: name, attributes, children, its own text. */
export type Element = {
  name: string
  attrs: Record<string, string>
  children: Element[]
  text: string
}

const TOKEN = /<\?[^>]*\?>|<(\/?)([\w:]+)((?:\s+[\w:]+="[^"]*")*)\s*(\/?)>|([^<]+)/g
const ATTR = /([\w:]+)="([^"]*)"/g
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const decode = (text: string) => text.replace(/&(\w+);/g, (_, name: string) => ENTITIES[name]!)

/** Parses the XML that the writers emit (no comments, CDATA or DTDs); throws on unbalanced tags. */
export function parseXml(source: string): Element {
  const root: Element = { name: '#document', attrs: {}, children: [], text: '' }
  const open = [root]
  for (const [, close, name, attrs, selfClosing, text] of source.matchAll(TOKEN)) {
    const parent = open.at(-1)!
    if (text !== undefined) parent.text += decode(text)
    else if (close) {
      if (open.pop()!.name !== name) throw new Error(`unbalanced </${name}>`)
    } else if (name) {
      const attributes = Object.fromEntries(
        [...(attrs ?? '').matchAll(ATTR)].map(([, k, v]) => [k!, decode(v!)]),
      )
      const element = { name, attrs: attributes, children: [], text: '' }
      parent.children.push(element)
      if (!selfClosing) open.push(element)
    }
  }
  if (open.length !== 1) throw new Error(`unclosed <${open.at(-1)!.name}>`)
  return root
}

/** Every descendant element with this name, in document order. */
export function all(element: Element, name: string): Element[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...all(child, name),
  ])
}

export const first = (element: Element, name: string) => all(element, name)[0]

/** The parts of an Office file, each parsed. */
export function readParts(bytes: Uint8Array): Record<string, Element> {
  const files = unzipSync(bytes)
  return Object.fromEntries(
    Object.entries(files).map(([path, data]) => [path, parseXml(strFromU8(data))]),
  )
}
