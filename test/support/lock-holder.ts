import { spawn } from 'node:child_process'

const HOLDER = `
import { createClient } from '@libsql/client'
const [url, ms] = process.argv.slice(1)
const client = createClient({ url })
const tx = await client.transaction('write')
await tx.execute("insert into settings (key, value, updated_at) values ('lock-holder', 'x', 0) on conflict do nothing")
console.log('locked')
setTimeout(async () => { await tx.rollback(); client.close(); console.log('released') }, Number(ms))
`

/**
 * Another process (a CLI, a second server during a deploy) holding the database's write lock
 * for `ms`: resolves once it holds it; `released` resolves when it has let go.
 */
export async function holdWriteLock(dbUrl: string, ms: number) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER, dbUrl, String(ms)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const released = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      if (out.includes('locked')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before locking`)))
  })
  return { released }
}
