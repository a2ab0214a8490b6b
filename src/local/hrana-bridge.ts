import {
  createClient,
  LibsqlError,
  type Client,
  type InValue,
  type ResultSet,
  type Transaction,
  type TransactionMode,
  type Value,
} from '@libsql/client'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrateDatabase } from '../../db/migrate'
import { readBody, replyJson } from './http'

export type HranaBridge = {
  /** Pass as DATABASE_URL to a client built with `@libsql/client/web`. */
  url: string
  /** The embedded database behind the bridge (intMode 'bigint', so integers read back as bigint). */
  client: Client
  close(): Promise<void>
}

/** A database file that outlives the bridge, and a fixed port (the local Worker's). */
export type BridgeOptions = { file?: string; port?: number }

type ProtoValue = { type: string; value?: string | number; base64?: string }
type ProtoStmt = {
  sql?: string
  sql_id?: number
  args?: ProtoValue[]
  named_args?: Array<{ name: string; value: ProtoValue }>
  want_rows?: boolean
}
type Cond = { type: string; step?: number; cond?: Cond; conds?: Cond[] }
type StreamRequest = {
  type: string
  stmt?: ProtoStmt
  batch?: { steps: Array<{ condition?: Cond; stmt: ProtoStmt }> }
  sql?: string
  sql_id?: number
}
/** One Hrana stream: its stored SQL texts and, between BEGIN and COMMIT, its own transaction. */
type Stream = { sqls: Map<number, string>; tx?: Transaction }

/**
 * A local stand-in for Turso (for the tests, the Worker bench and `npm run dev`): serves the Hrana-over-HTTP protocol (JSON, `/v2` and `/v3`
 * pipelines) that `@libsql/client/web` speaks, in front of a migrated embedded libSQL file.
 * https://github.com/tursodatabase/libsql/blob/main/docs/HRANA_3_SPEC.md
 * A BEGIN sent over a baton opens a `@libsql/client` transaction, which holds one connection
 * until COMMIT or ROLLBACK, so an interactive transaction spanning requests stays on it.
 * Not served: cursors, `describe`.
 */
export async function startHranaBridge(opts: BridgeOptions = {}): Promise<HranaBridge> {
  const dir = opts.file ? undefined : mkdtempSync(join(tmpdir(), 'tally-hrana-'))
  const file = opts.file ?? join(dir!, 'tally.db')
  const client = createClient({ url: `file:${file}`, intMode: 'bigint' })
  await migrateDatabase(client)
  const streams = new Map<string, Stream>()
  const server = createServer((req, res) => {
    route(req, res, client, streams).catch((err: Error) =>
      replyJson(res, 500, { message: err.message, code: 'BRIDGE_ERROR' }),
    )
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    client,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      streams.forEach((s) => s.tx?.close())
      client.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  client: Client,
  streams: Map<string, Stream>,
) {
  const path = new URL(req.url ?? '/', 'http://bridge').pathname
  if (req.method === 'GET' && /^\/v[23]\/?$/.test(path)) return replyJson(res, 200, {})
  if (req.method !== 'POST' || !/^\/v[23]\/pipeline$/.test(path))
    return replyJson(res, 404, { message: `no route for ${req.method} ${path}` })
  const body = JSON.parse((await readBody(req)).toString('utf8')) as {
    baton?: string
    requests: StreamRequest[]
  }
  const stream = body.baton ? streams.get(body.baton) : { sqls: new Map<number, string>() }
  if (!stream) return replyJson(res, 400, { message: 'unknown or expired baton' })
  if (body.baton) streams.delete(body.baton)

  const results: object[] = []
  let closed = false
  for (const request of body.requests) {
    try {
      results.push({ type: 'ok', response: await handle(client, stream, request) })
      closed ||= request.type === 'close'
    } catch (err) {
      results.push({ type: 'error', error: protoError(err) })
    }
  }
  if (closed) stream.tx?.close()
  const baton = closed ? null : randomUUID()
  if (baton) streams.set(baton, stream)
  replyJson(res, 200, { baton, base_url: null, results })
}

async function handle(client: Client, stream: Stream, r: StreamRequest): Promise<object> {
  switch (r.type) {
    case 'execute':
      return { type: 'execute', result: await execute(client, stream, r.stmt!) }
    case 'batch':
      return { type: 'batch', result: await batch(client, stream, r.batch!.steps) }
    case 'sequence':
      await (openTx(stream) ?? client).executeMultiple(sqlOf(stream, r))
      return { type: 'sequence' }
    case 'store_sql':
      stream.sqls.set(r.sql_id!, r.sql!)
      return { type: 'store_sql' }
    case 'close_sql':
      stream.sqls.delete(r.sql_id!)
      return { type: 'close_sql' }
    case 'get_autocommit':
      return { type: 'get_autocommit', is_autocommit: !openTx(stream) }
    case 'close':
      return { type: 'close' }
    default:
      throw new LibsqlError(`the test bridge does not serve ${r.type} requests`, 'NOT_SUPPORTED')
  }
}

async function batch(
  client: Client,
  stream: Stream,
  steps: Array<{ condition?: Cond; stmt: ProtoStmt }>,
) {
  const results: Array<object | null> = []
  const errors: Array<object | null> = []
  const holds = (c: Cond): boolean => {
    if (c.type === 'ok') return results[c.step!] != null
    if (c.type === 'error') return errors[c.step!] != null
    if (c.type === 'not') return !holds(c.cond!)
    if (c.type === 'and') return c.conds!.every(holds)
    if (c.type === 'or') return c.conds!.some(holds)
    if (c.type === 'is_autocommit') return !openTx(stream)
    throw new LibsqlError(`unknown batch condition ${c.type}`, 'HRANA_PROTO_ERROR')
  }
  for (const step of steps) {
    let result: object | null = null
    let error: object | null = null
    if (!step.condition || holds(step.condition)) {
      try {
        result = await execute(client, stream, step.stmt)
      } catch (err) {
        error = protoError(err)
      }
    }
    results.push(result)
    errors.push(error)
  }
  return { step_results: results, step_errors: errors }
}

const BEGIN = /^\s*BEGIN\b/i
const END = /^\s*(COMMIT|END|ROLLBACK)(\s+TRANSACTION)?\s*;?\s*$/i
const NO_ROWS = { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: null }

/** Runs one statement; BEGIN / COMMIT / ROLLBACK open and settle the stream's own transaction. */
async function execute(client: Client, stream: Stream, stmt: ProtoStmt) {
  const sql = sqlOf(stream, stmt)
  const tx = openTx(stream)
  if (BEGIN.test(sql)) {
    if (tx) throw new LibsqlError('cannot start a transaction within a transaction', 'SQLITE_ERROR')
    stream.tx = await whenNotBusy(() => client.transaction(beginMode(sql)))
    return NO_ROWS
  }
  const end = END.exec(sql)?.[1]?.toUpperCase()
  if (end) {
    stream.tx = undefined
    if (!tx) throw new LibsqlError(`cannot ${end} - no transaction is active`, 'SQLITE_ERROR')
    await (end === 'ROLLBACK' ? tx.rollback() : tx.commit())
    return NO_ROWS
  }
  const named = stmt.named_args ?? []
  const args = named.length
    ? Object.fromEntries(named.map((a) => [a.name, decode(a.value)]))
    : (stmt.args ?? []).map(decode)
  const rs = await whenNotBusy(() => (tx ?? client).execute({ sql, args }))
  return encodeResult(rs, stmt.want_rows ?? true)
}

function beginMode(sql: string): TransactionMode {
  if (/\b(IMMEDIATE|EXCLUSIVE)\b/i.test(sql)) return 'write'
  return /\bREADONLY\b/i.test(sql) ? 'read' : 'deferred'
}

const openTx = (stream: Stream) => (stream.tx && !stream.tx.closed ? stream.tx : undefined)

function sqlOf(stream: Stream, s: { sql?: string; sql_id?: number }): string {
  const sql = s.sql ?? (s.sql_id === undefined ? undefined : stream.sqls.get(s.sql_id))
  if (sql === undefined) throw new LibsqlError(`unknown sql_id ${s.sql_id}`, 'HRANA_PROTO_ERROR')
  return sql
}

/**
 * sqld waits out a busy database; the embedded driver fails at once with SQLITE_BUSY (and must
 * not block the event loop, or the holder could never commit), so wait here, asynchronously.
 */
async function whenNotBusy<T>(fn: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await fn()
    } catch (err) {
      const busy = err instanceof LibsqlError && err.code.startsWith('SQLITE_BUSY')
      if (!busy || Date.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}

function encodeResult(rs: ResultSet, wantRows: boolean) {
  return {
    cols: rs.columns.map((name, i) => ({ name, decltype: rs.columnTypes[i] || null })),
    rows: wantRows ? rs.rows.map((row) => Array.from(row as ArrayLike<Value>, encode)) : [],
    affected_row_count: rs.rowsAffected,
    last_insert_rowid: rs.lastInsertRowid === undefined ? null : String(rs.lastInsertRowid),
  }
}

function encode(v: Value): ProtoValue {
  if (v === null) return { type: 'null' }
  if (typeof v === 'bigint') return { type: 'integer', value: String(v) }
  if (typeof v === 'number') return { type: 'float', value: v }
  if (typeof v === 'string') return { type: 'text', value: v }
  return { type: 'blob', base64: Buffer.from(v).toString('base64') }
}

function decode(v: ProtoValue): InValue {
  if (v.type === 'integer') return BigInt(v.value!)
  if (v.type === 'float') return Number(v.value)
  if (v.type === 'text') return String(v.value)
  if (v.type === 'blob') return Buffer.from(v.base64!, 'base64')
  return null
}

function protoError(err: unknown) {
  const message = err instanceof Error ? err.message : String(err)
  return { message, code: err instanceof LibsqlError ? err.code : 'UNKNOWN' }
}
