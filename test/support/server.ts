import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { clockEnv } from './clock-env'

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

export type StartedServer = {
  url: string
  pid: number
  dbUrl: string
  output: () => string
  /** Resolves with the exit code once the process has ended (null if a signal ended it). */
  exited: Promise<number | null>
  stop(): Promise<void>
}

/** `npm start` as a newcomer runs it (tsx src/node.ts), on a fresh database and a free port. */
export async function startServer(env: Record<string, string> = {}): Promise<StartedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-server-'))
  const dbUrl = `file:${join(dir, 'tally.db')}`
  const port = await freePort()
  let output = ''
  const child: ChildProcess = spawn(
    process.execPath,
    [...(process.env.SERVER_NODE_ARGS?.split(' ') ?? []), '--import', 'tsx', 'src/node.ts'],
    {
      env: {
        PATH: process.env.PATH,
        ...clockEnv(),
        DATABASE_URL: dbUrl,
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  child.stdout!.on('data', (d) => (output += d))
  child.stderr!.on('data', (d) => (output += d))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (
    !(await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`)
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    pid: child.pid!,
    dbUrl,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
