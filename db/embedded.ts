import {
  LibsqlBatchError,
  LibsqlError,
  type Client,
  type InArgs,
  type InStatement,
  type InValue,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
} from '@libsql/client'
import Libsql from 'libsql'

type Native = InstanceType<typeof Libsql>
type Prepared = {
  statement: ReturnType<Native['prepare']>
  columns: string[] | null
  types: string[]
}

/**
 * Prepared statements a connection keeps. The hot statements are a few dozen, built once (see
 * db/statements.ts); the bound only keeps one-off SQL (a multi-row insert's many shapes, a
 * migration) from growing it without end.
 */
const KEPT_STATEMENTS = 500

/**
 * One connection to the file and the statements prepared on it. @libsql/client prepares every
 * statement again on each call, and on the Node server that was a third of a /上报's CPU
 * (bench/README.md); a statement kept here is bound and run again as it is.
 */
class Connection {
  readonly native: Native
  private readonly prepared = new Map<string, Prepared>()

  constructor(path: string, timeout: number | undefined) {
    this.native = new Libsql(path, { timeout })
  }

  execute(stmt: InStatement): ResultSet {
    const { sql, args } = typeof stmt === 'string' ? { sql: stmt, args: undefined } : stmt
    try {
      const { statement, columns, types } = this.prepare(sql)
      const values = toSqlArgs(args)
      if (columns) {
        const rows = (statement.all(values) as unknown[][]).map((raw) => toRow(raw, columns))
        return resultSet(columns, types, rows, 0, undefined)
      }
      const info = statement.run(values)
      return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid))
    } catch (error) {
      throw toLibsqlError(error)
    }
  }

  private prepare(sql: string): Prepared {
    const kept = this.prepared.get(sql)
    if (kept) return kept
    const statement = this.native.prepare(sql).safeIntegers(true)
    const described = statement.reader ? statement.raw(true).columns() : null
    const prepared = {
      statement,
      columns: described?.map((c) => c.name) ?? null,
      types: described?.map((c) => c.type ?? '') ?? [],
    }
    if (this.prepared.size >= KEPT_STATEMENTS) {
      this.prepared.delete(this.prepared.keys().next().value!)
    }
    this.prepared.set(sql, prepared)
    return prepared
  }
}

/**
 * The client of an embedded database file, in place of @libsql/client's (the remote path keeps
 * that one): the same Client, with each connection keeping its prepared statements. The driver
 * is synchronous, so a statement outside a transaction has a connection to itself for its whole
 * run and gives it back at once; a transaction holds one until it ends.
 */
export function createEmbeddedClient(config: { url: string; timeout?: number }): Client {
  const path = config.url.replace(/^file:(\/\/(localhost)?(?=\/))?/, '')
  const idle: Connection[] = []
  const open = new Set<Connection>()
  let closed = false

  const checkOpen = () => {
    if (closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED')
  }
  const acquire = () => {
    checkOpen()
    const connection = idle.pop() ?? new Connection(path, config.timeout)
    open.add(connection)
    return connection
  }
  const release = (connection: Connection) => {
    // A connection never goes back mid-transaction: the next borrower would inherit it.
    if (connection.native.open && connection.native.inTransaction) {
      try {
        connection.native.exec('ROLLBACK')
      } catch {
        return drop(connection)
      }
    }
    if (closed || !connection.native.open) return drop(connection)
    open.delete(connection)
    idle.push(connection)
  }
  const drop = (connection: Connection) => {
    open.delete(connection)
    if (connection.native.open) connection.native.close()
  }
  const closeAll = () => {
    for (const connection of [...idle.splice(0), ...open]) drop(connection)
  }
  const client: Client = {
    protocol: 'file',
    get closed() {
      return closed
    },
    async execute(stmt: InStatement, args?: InArgs) {
      const connection = acquire()
      try {
        return connection.execute(typeof stmt === 'string' ? { sql: stmt, args } : stmt)
      } finally {
        release(connection)
      }
    },
    async batch(stmts, mode = 'deferred') {
      const connection = acquire()
      try {
        return runAll(connection, beginStatement(mode), stmts)
      } finally {
        release(connection)
      }
    },
    async migrate(stmts) {
      const connection = acquire()
      try {
        connection.execute('PRAGMA foreign_keys=off')
        return runAll(connection, 'BEGIN DEFERRED', stmts)
      } finally {
        if (connection.native.open && connection.native.inTransaction)
          connection.execute('ROLLBACK')
        connection.execute('PRAGMA foreign_keys=on')
        release(connection)
      }
    },
    async transaction(mode: TransactionMode = 'write') {
      const connection = acquire()
      try {
        connection.execute(beginStatement(mode))
      } catch (error) {
        release(connection)
        throw error
      }
      return embeddedTransaction(connection, release)
    },
    async executeMultiple(sql) {
      const connection = acquire()
      try {
        connection.native.exec(sql)
      } catch (error) {
        throw toLibsqlError(error)
      } finally {
        release(connection)
      }
    },
    async sync() {
      throw new LibsqlError(
        'An embedded file without a replica has nothing to sync',
        'SYNC_NOT_SUPPORTED',
      )
    },
    reconnect() {
      closeAll()
      closed = false
    },
    close() {
      closed = true
      closeAll()
    },
  }

  return client
}

/** A batch's statements, all or none, in a transaction that `begin` opens on the connection. */
function runAll(
  connection: Connection,
  begin: string,
  stmts: Array<InStatement | [string, InArgs?]>,
) {
  connection.execute(begin)
  const results = stmts.map((stmt, i) => {
    try {
      return connection.execute(Array.isArray(stmt) ? { sql: stmt[0], args: stmt[1] } : stmt)
    } catch (error) {
      throw toBatchError(error, i)
    }
  })
  connection.execute('COMMIT')
  return results
}

function embeddedTransaction(
  held: Connection,
  release: (connection: Connection) => void,
): Transaction {
  let connection: Connection | null = held
  const settle = () => {
    if (connection) release(connection)
    connection = null
  }
  const isClosed = () => !connection?.native.open || !connection.native.inTransaction
  const live = () => {
    if (isClosed()) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED')
    return connection!
  }
  return {
    get closed() {
      return isClosed()
    },
    async execute(stmt) {
      return live().execute(stmt)
    },
    async batch(stmts) {
      return stmts.map((stmt, i) => {
        try {
          return live().execute(stmt)
        } catch (error) {
          throw toBatchError(error, i)
        }
      })
    },
    async executeMultiple(sql) {
      try {
        live().native.exec(sql)
      } catch (error) {
        throw toLibsqlError(error)
      }
    },
    async rollback() {
      try {
        if (connection?.native.open && !isClosed()) connection.execute('ROLLBACK')
      } finally {
        settle()
      }
    },
    async commit() {
      try {
        live().execute('COMMIT')
      } finally {
        settle()
      }
    },
    close() {
      settle()
    },
  }
}

const beginStatement = (mode: TransactionMode) =>
  mode === 'write'
    ? 'BEGIN IMMEDIATE'
    : mode === 'read'
      ? 'BEGIN TRANSACTION READONLY'
      : 'BEGIN DEFERRED'

function toSqlArgs(args: InArgs | undefined): unknown[] | Record<string, unknown> {
  if (args === undefined) return []
  if (Array.isArray(args)) return args.map(toSqlValue)
  const named: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(args)) {
    named[/^[@$:]/.test(name) ? name.slice(1) : name] = toSqlValue(value)
  }
  return named
}

const MIN_INTEGER = -9223372036854775808n
const MAX_INTEGER = 9223372036854775807n

/** As @libsql/client passes a value to SQLite. */
function toSqlValue(value: InValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments')
    }
    return value
  }
  if (typeof value === 'bigint') {
    if (value < MIN_INTEGER || value > MAX_INTEGER) {
      throw new RangeError('bigint is too large to be represented as a 64-bit integer')
    }
    return value
  }
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof ArrayBuffer) return Buffer.from(value)
  if (value instanceof Date) return value.valueOf()
  if (value === undefined)
    throw new TypeError('undefined cannot be passed as argument to the database')
  return value
}

/** As @libsql/client gives a value back with intMode 'number'. */
function fromSqlValue(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value < Number.MIN_SAFE_INTEGER || value > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(
        'Received integer which cannot be safely represented as a JavaScript number',
      )
    }
    return Number(value)
  }
  if (value instanceof Buffer)
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)
  return value
}

/** A row as @libsql/client makes it: values by index (not enumerable) and by column name. */
function toRow(raw: unknown[], columns: string[]): Row {
  const row = {} as Row
  Object.defineProperty(row, 'length', { value: raw.length })
  for (let i = 0; i < raw.length; i++) {
    const value = fromSqlValue(raw[i])
    Object.defineProperty(row, i, { value })
    const column = columns[i]!
    if (!Object.hasOwn(row, column)) {
      Object.defineProperty(row, column, {
        value,
        enumerable: true,
        configurable: true,
        writable: true,
      })
    }
  }
  return row
}

function resultSet(
  columns: string[],
  columnTypes: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({
      columns,
      columnTypes,
      rows: rows.map((row) => Array.from(row)),
      rowsAffected,
      lastInsertRowid: lastInsertRowid?.toString() ?? null,
    }),
  }
}

/** SQLite's primary result codes, by number (an extended code's low byte). */
const RESULT_CODES = [
  'OK',
  'ERROR',
  'INTERNAL',
  'PERM',
  'ABORT',
  'BUSY',
  'LOCKED',
  'NOMEM',
  'READONLY',
  'INTERRUPT',
  'IOERR',
  'CORRUPT',
  'NOTFOUND',
  'FULL',
  'CANTOPEN',
  'PROTOCOL',
  'EMPTY',
  'SCHEMA',
  'TOOBIG',
  'CONSTRAINT',
  'MISMATCH',
  'MISUSE',
  'NOLFS',
  'AUTH',
  'FORMAT',
  'RANGE',
  'NOTADB',
  'NOTICE',
  'WARNING',
]

/** The driver's error as @libsql/client throws it: code is the primary code (SQLITE_BUSY). */
function toLibsqlError(error: unknown): unknown {
  if (!(error instanceof Libsql.SqliteError)) return error
  const {
    message,
    code: extendedCode,
    rawCode,
  } = error as Error & { code: string; rawCode?: number }
  const base = rawCode === undefined ? undefined : RESULT_CODES[rawCode & 0xff]
  return new LibsqlError(
    message,
    base ? `SQLITE_${base}` : 'SQLITE_UNKNOWN',
    extendedCode,
    rawCode,
    error,
  )
}

function toBatchError(error: unknown, index: number): unknown {
  if (!(error instanceof LibsqlError) || error instanceof LibsqlBatchError) return error
  return new LibsqlBatchError(
    error.message,
    index,
    error.code,
    error.extendedCode,
    error.rawCode,
    error.cause instanceof Error ? error.cause : undefined,
  )
}
