import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readBody } from '../../src/local/http'

/** One request through the hop: its body, when it arrived and when it was answered. */
export type Hop = { body: string; start: number; end?: number }

export type LatencyProxy = {
  url: string
  /** Requests forwarded (or held) so far: what the Worker spent of its subrequests here. */
  count(): number
  /** Every request so far, in the order they arrived. */
  log: Hop[]
  /** The round trip every request pays: half on the way in, half on the way out. */
  rttMs: number
  /** From now on requests are held unanswered, like a network that went away. */
  hold(): void
  /** Drops the held requests' connections and forwards again. */
  release(): void
  close(): Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * An HTTP hop with a round-trip time, in front of a test service (the Hrana bridge standing in
 * for Turso, the Upstash bridge): what a Worker in one region sees of a database in another.
 * It counts requests, so a test can tell how many subrequests an invocation made.
 */
export async function startLatencyProxy(target: string, rttMs: number): Promise<LatencyProxy> {
  const log: Hop[] = []
  let holding = false
  const held = new Set<ServerResponse>()
  const server = createServer((req, res) => {
    const hop: Hop = { body: '', start: performance.now() }
    log.push(hop)
    void (async () => {
      const body = await readBody(req)
      hop.body = body.toString('utf8')
      await sleep(proxy.rttMs / 2)
      if (holding) return held.add(res)
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (h): h is [string, string] => typeof h[1] === 'string' && h[0] !== 'host',
        ),
      )
      const answer = await fetch(new URL(req.url ?? '/', target), {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
      })
      const bytes = Buffer.from(await answer.arrayBuffer())
      await sleep(proxy.rttMs / 2)
      const type = answer.headers.get('content-type')
      hop.end = performance.now()
      res.writeHead(answer.status, type ? { 'content-type': type } : {}).end(bytes)
    })().catch(() => res.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const proxy: LatencyProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => log.length,
    log,
    rttMs,
    hold: () => void (holding = true),
    release() {
      holding = false
      held.forEach((res) => res.destroy())
      held.clear()
    },
    async close() {
      proxy.release()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
  return proxy
}
