import { Deflate, strToU8, Zip, ZipPassThrough, zipSync } from 'fflate'

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
const LEVEL = 6
// Streamed entries are the big ones (two years of reports: 191 MB of sheet XML): fflate's level
// 3 deflates them in two thirds of level 6's time, for a file 4% larger.
const STREAM_LEVEL = 3

export function zipParts(parts: Record<string, string>): Uint8Array {
  const files = Object.fromEntries(
    Object.entries(parts).map(([path, text]) => [path, strToU8(text)]),
  )
  return zipSync(files, { level: LEVEL, mtime: MTIME })
}

// Bytes of a zip besides the deflated text: per entry its local header, data descriptor and
// central directory record (with the entry's name twice), then the end record.
const ENTRY_BYTES = 30 + 16 + 46
const END_BYTES = 22
// What an entry's deflated text may still grow by when it ends: the final block, the bits held.
const FINAL_BYTES = 16
// Text is gathered as a string up to this many characters, encoded into a buffer of this many
// bytes, then deflated: each step then runs once per many rows (fflate allocates its output
// for its whole 96 KB window on each call, so small chunks churn memory).
const TEXT_CHARS = 16 * 1024
const CHUNK_BYTES = 64 * 1024
// Flushing ends a deflate block; below this much text held back it is not worth one.
const FLUSH_BYTES = 4 * 1024

/** ZipDeflate that counts what it gives out, and can flush: give out all it holds. */
class FlushableDeflate extends ZipPassThrough {
  private readonly deflater: Deflate
  constructor(path: string, counted: (bytes: number) => void) {
    super(path)
    this.compression = 8
    this.mtime = MTIME
    this.deflater = new Deflate({ level: STREAM_LEVEL }, (data, final) => {
      counted(data.length)
      this.ondata(null, data, final)
    })
  }
  protected override process(chunk: Uint8Array, final: boolean) {
    this.deflater.push(chunk, final)
  }
  flush() {
    this.deflater.flush()
  }
}

/** An entry being written: text in, deflated as it comes. Several can be open at once. */
export type ZipEntry = { write(text: string): void; end(): void }

/**
 * A zip written as fflate's streaming Zip deflates its entries: memory holds the compressed
 * output and a chunk of text per open entry, whatever the size of the entries.
 */
export function createZipStream() {
  const output: Uint8Array[] = []
  // What the zip comes to with what has been deflated so far.
  let size = END_BYTES
  const open = new Set<{ held(): number; flush(): void }>()
  const zip = new Zip((err, data) => {
    if (err) throw err
    output.push(data)
  })
  function entry(path: string): ZipEntry {
    const file = new FlushableDeflate(path, (bytes) => (size += bytes))
    zip.add(file)
    size += ENTRY_BYTES + 2 * strToU8(path).length
    const buffer = new Uint8Array(CHUNK_BYTES)
    const encoder = new TextEncoder()
    let text = ''
    let used = 0
    // Bytes handed to the deflater that may not have come out yet: all of them since it last
    // gave output (it gives out all it holds when it does), or the last chunk when it just did.
    let unzipped = 0
    const push = (final: boolean) => {
      const before = size
      file.push(buffer.subarray(0, used), final)
      unzipped = size > before ? used : unzipped + used
      used = 0
    }
    const encode = () => {
      for (let rest = text; rest;) {
        const { read, written } = encoder.encodeInto(rest, buffer.subarray(used))
        used += written
        rest = rest.slice(read)
        if (rest) push(false)
      }
      text = ''
    }
    const state = {
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      held: () => unzipped + used + text.length * 3 + FINAL_BYTES,
      flush() {
        encode()
        if (unzipped + used < FLUSH_BYTES) return
        push(false)
        file.flush()
        unzipped = 0
      },
    }
    open.add(state)
    return {
      write(more) {
        text += more
        if (text.length >= TEXT_CHARS) encode()
      },
      end() {
        encode()
        push(true)
        open.delete(state)
      },
    }
  }
  return {
    entry,
    /** A part given whole. */
    add(path: string, text: string) {
      const part = entry(path)
      part.write(text)
      part.end()
    },
    /** The most the finished zip can come to if `more` bytes of text are written first. */
    bound(more: number) {
      let held = 0
      for (const e of open) held += e.held()
      return size + held + more
    },
    /** Deflates what the open entries hold: bound() then is within a few KB of the truth. */
    flush() {
      for (const e of open) e.flush()
    },
    end(): Uint8Array {
      zip.end()
      const bytes = new Uint8Array(output.reduce((n, chunk) => n + chunk.length, 0))
      let at = 0
      for (const chunk of output) {
        bytes.set(chunk, at)
        at += chunk.length
      }
      return bytes
    },
  }
}
