import { createClient, type Client } from '@libsql/client'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createEmbeddedClient } from '../../db/embedded'

let dir: string
let url: string
let client: Client

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tally-embedded-'))
  url = `file:${join(dir, 'tally.db')}`
  client = createEmbeddedClient({ url })
  await client.execute('create table t (id integer primary key, name text, at integer, data blob)')
})
afterEach(() => {
  client.close()
  rmSync(dir, { recursive: true, force: true })
})

const insert = 'insert into t (id, name, at, data) values (?, ?, ?, ?)'
const select = 'select id, name, at, data from t where id >= ? order by id'

describe('the embedded client', () => {
  it('runs a kept statement again with new arguments and gives rows as @libsql/client does', async () => {
    const bytes = new Uint8Array([1, 2, 3]).buffer
    await client.execute({ sql: insert, args: [1, 'a', new Date(5), bytes] })
    await client.execute({ sql: insert, args: [2, 'b', true, null] })
    const ours = await client.execute({ sql: select, args: [1] })
    const again = await client.execute({ sql: select, args: [2] })

    const theirs = createClient({ url })
    const expected = await theirs.execute({ sql: select, args: [1] })
    theirs.close()
    expect(ours.columns).toEqual(expected.columns)
    expect(ours.columnTypes).toEqual(expected.columnTypes)
    expect(ours.rows.map((r) => ({ ...r }))).toEqual(expected.rows.map((r) => ({ ...r })))
    expect(Array.from(ours.rows[0]!)).toEqual([1, 'a', 5, bytes])
    expect(Array.from(again.rows[0]!)).toEqual([2, 'b', 1, null])
    expect(again.rows).toHaveLength(1)
  })

  it('says what a write changed', async () => {
    const first = await client.execute({ sql: insert, args: [7, 'a', 0, null] })
    expect(first.rowsAffected).toBe(1)
    expect(first.lastInsertRowid).toBe(7n)
    const updated = await client.execute({
      sql: 'update t set name = ? where id > ?',
      args: ['b', 0],
    })
    expect(updated.rowsAffected).toBe(1)
  })

  it('fails a broken constraint with the code @libsql/client gives, and runs the statement after', async () => {
    await client.execute({ sql: insert, args: [1, 'a', 0, null] })
    const error = await client.execute({ sql: insert, args: [1, 'again', 0, null] }).catch((e) => e)
    expect(error).toMatchObject({
      code: 'SQLITE_CONSTRAINT',
      extendedCode: 'SQLITE_CONSTRAINT_PRIMARYKEY',
    })
    await client.execute({ sql: insert, args: [2, 'b', 0, null] })
    expect((await client.execute({ sql: select, args: [0] })).rows.map((r) => r.name)).toEqual([
      'a',
      'b',
    ])
  })

  it('keeps a transaction apart from statements outside it until it commits', async () => {
    const tx = await client.transaction('write')
    await tx.execute({ sql: insert, args: [1, 'a', 0, null] })
    expect((await client.execute({ sql: select, args: [0] })).rows).toHaveLength(0)
    await tx.commit()
    expect(tx.closed).toBe(true)
    expect((await client.execute({ sql: select, args: [0] })).rows).toHaveLength(1)
  })

  it('rolls a batch back whole when one of its statements fails', async () => {
    const error = await client
      .batch([
        { sql: insert, args: [1, 'a', 0, null] },
        { sql: insert, args: [1, 'again', 0, null] },
      ])
      .catch((e) => e)
    expect(error).toMatchObject({ statementIndex: 1, code: 'SQLITE_CONSTRAINT' })
    expect((await client.execute({ sql: select, args: [0] })).rows).toHaveLength(0)
  })

  it('rolls back a transaction, and its statements run again on the next one', async () => {
    const tx = await client.transaction('write')
    await tx.execute({ sql: insert, args: [1, 'a', 0, null] })
    await tx.rollback()
    await expect(tx.execute({ sql: select, args: [0] })).rejects.toMatchObject({
      code: 'TRANSACTION_CLOSED',
    })
    const next = await client.transaction('write')
    await next.execute({ sql: insert, args: [1, 'b', 0, null] })
    await next.commit()
    expect((await client.execute({ sql: select, args: [0] })).rows.map((r) => r.name)).toEqual([
      'b',
    ])
  })
})
