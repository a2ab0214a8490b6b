import { strToU8, zipSync } from 'fflate'

// Office files are zips of a few XML parts. Writing them with fflate (pure JS, no Node
// built-ins) keeps one code path for Workers and Node.

// XML 1.0 forbids most control characters; a pasted one would make Word refuse the file.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g
const XML_SPECIAL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

export function xml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/[&<>"']/g, (ch) => XML_SPECIAL[ch]!)
}

export const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

export const RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships'
export const DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

export function relationships(rels: Array<{ id: string; type: string; target: string }>) {
  const items = rels.map(
    (r) => `<Relationship Id="${r.id}" Type="${DOC_REL}/${r.type}" Target="${r.target}"/>`,
  )
  return `${XML_HEAD}<Relationships xmlns="${RELS_NS}">${items.join('')}</Relationships>`
}

export function contentTypes(overrides: Array<{ part: string; type: string }>) {
  const items = overrides.map((o) => `<Override PartName="${o.part}" ContentType="${o.type}"/>`)
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Default Extension="xml" ContentType="application/xml"/>${items.join('')}</Types>`
  )
}

// A fixed timestamp keeps the same data giving the same bytes (zip entries carry an mtime).
const MTIME = new Date('2000-01-01T00:00:00Z')

export function zipParts(parts: Record<string, string>): Uint8Array {
  const files = Object.fromEntries(
    Object.entries(parts).map(([path, text]) => [path, strToU8(text)]),
  )
  return zipSync(files, { level: 6, mtime: MTIME })
}
