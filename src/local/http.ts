import type { IncomingMessage, ServerResponse } from 'node:http'

/** The whole request body, for the local stand-in servers (fake Lark, the Upstash and Hrana bridges). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function replyJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const head = { 'content-type': 'application/json; charset=utf-8', ...headers }
  res.writeHead(status, head).end(JSON.stringify(body))
}
