import { createClient, type Client } from '@libsql/client/web'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDatabase } from '../../db/client'
import { schemaVersion } from '../../db/queries/schema-version'
import { startHranaBridge, type HranaBridge } from '../../src/local/hrana-bridge'

let bridge: HranaBridge
let web: Client

beforeAll(async () => {
  bridge = await startHranaBridge()
  web = createClient({ url: bridge.url })
  await web.execute(
    'create table notes (id integer primary key, body text unique, score real, raw blob)',
  )
})
afterAll(async () => {
  web.close()
  await bridge.close()
})
beforeEach(() => web.execute('delete from notes'))

const bodies = async (client: Client = web) =>
  (await client.execute('select body from notes order by id')).rows.map((r) => r.body)

describe('the Hrana bridge, through @libsql/client/web', () => {
  it('executes statements with every value type, positional and named', async () => {
    const insert = await web.execute({
      sql: 'insert into notes (id, body, score, raw) values (?, ?, ?, ?)',
      args: [7, '学习 3', 2.5, new Uint8Array([0, 255])],
    })
    expect(insert.rowsAffected).toBe(1)
    expect(insert.lastInsertRowid).toBe(7n)
    const rs = await web.execute({
      sql: 'select id, body, score, raw, null as missing from notes where body = :body',
      args: { body: '学习 3' },
    })
    expect(rs.columns).toEqual(['id', 'body', 'score', 'raw', 'missing'])
    const row = rs.rows[0]!
    expect([row.id, row.body, row.score, row.missing]).toEqual([7, '学习 3', 2.5, null])
    expect([...new Uint8Array(row.raw as ArrayBuffer)]).toEqual([0, 255])
  })

  it('reports SQL errors as errors', async () => {
    await expect(web.execute('select * from no_such_table')).rejects.toThrow(/no such table/)
  })

  it('runs a batch atomically: all of it, or none of it', async () => {
    const ok = await web.batch(
      ["insert into notes (body) values ('a')", "insert into notes (body) values ('b')"],
      'write',
    )
    expect(ok.map((r) => r.rowsAffected)).toEqual([1, 1])
    await expect(
      web.batch(
        ["insert into notes (body) values ('c')", "insert into notes (body) values ('a')"],
        'write',
      ),
    ).rejects.toThrow(/UNIQUE/)
    expect(await bodies()).toEqual(['a', 'b'])
  })

  it('keeps an interactive transaction on one connection until it commits', async () => {
    const tx = await web.transaction('write')
    await tx.execute("insert into notes (body) values ('inside')")
    expect((await tx.execute('select count(*) as n from notes')).rows[0]!.n).toBe(1)
    expect(await bodies()).toEqual([])
    await tx.commit()
    expect(await bodies()).toEqual(['inside'])
  })

  it('discards an interactive transaction that rolls back', async () => {
    const tx = await web.transaction('write')
    await tx.execute("insert into notes (body) values ('never')")
    await tx.rollback()
    expect(await bodies()).toEqual([])
  })

  it('makes a second writer wait for the first instead of failing', async () => {
    const other = createClient({ url: bridge.url })
    const first = await web.transaction('write')
    await first.execute("insert into notes (body) values ('first')")
    const second = (async () => {
      const tx = await other.transaction('write')
      await tx.execute("insert into notes (body) values ('second')")
      await tx.commit()
    })()
    await new Promise((resolve) => setTimeout(resolve, 50))
    await first.commit()
    await second
    expect(await bodies()).toEqual(['first', 'second'])
    other.close()
  })

  it("serves the app's drizzle handle: migrations are visible, write() rolls back on throw", async () => {
    const database = createDatabase(web)
    expect(await schemaVersion(database.db)).toBeGreaterThan(0)
    await expect(
      database.write(async (tx) => {
        await tx.run(sql`insert into notes (body) values ('lost')`)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await bodies()).toEqual([])
  })
})
