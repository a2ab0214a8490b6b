import { Agent, request } from 'node:http'
import { signedRequest } from '../../src/lark/crypto'
import { messageEvent, type Who } from '../../src/lark/payloads'
import { LIAISONS_CHAT } from './scale-world'

export const STALL_TOKEN = 'scale stall token'
export const STALL_KEY = 'scale stall encrypt key'

/**
 * Connections as Lark's pushes use them: kept alive, and nothing caps how many wait on a
 * stalled server. Each load has its own, so none is reused after the server closed it idle.
 */
const newAgent = () => new Agent({ keepAlive: true, maxSockets: 2000 })

/**
 * POSTs one signed, encrypted delivery to the server's webhook; resolves with its status.
 * Without an agent it opens a connection of its own.
 */
export async function postWebhook(url: string, body: object, agent?: Agent): Promise<number> {
  const signed = signedRequest(body, { encryptKey: STALL_KEY, encrypt: true })
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/lark/webhook`,
      { method: 'POST', agent: agent ?? false, headers: signed.headers },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(signed.body)
  })
}

export const chatMessage = (sender: Who, text: string, chatId = LIAISONS_CHAT) =>
  messageEvent({ token: STALL_TOKEN, chatId, chatType: 'group', sender, text })

/** /上报 as liaisons send it: each message's time to its 200, and whether it got one. */
export type Load = {
  /** message_id → ms to the 200; messages that got none are in `errors`. */
  answered: Map<string, number>
  errors: string[]
  stop(): Promise<void>
}

/**
 * /上报 from many liaisons at `perSecond`, each sent on time whether or not the ones before
 * were answered (Lark does not wait for a slow server), until stop() — which resolves once
 * every request sent has its answer or its error.
 */
export function startLoad(url: string, liaisons: string[], perSecond: number): Load {
  const agent = newAgent()
  const answered = new Map<string, number>()
  const errors: string[] = []
  const inFlight = new Set<Promise<void>>()
  const started = performance.now()
  let sent = 0
  const send = (i: number) => {
    const body = chatMessage(
      { openId: liaisons[i % liaisons.length]! },
      `/上报 学习 ${1 + (i % 3)} 党课 1`,
    )
    const id = body.event.message.message_id
    const t0 = performance.now()
    const done = postWebhook(url, body, agent).then(
      (status) =>
        status === 200 ? answered.set(id, performance.now() - t0) : errors.push(`HTTP ${status}`),
      (err: Error) => errors.push(err.message),
    )
    const tracked = done.then(() => void inFlight.delete(tracked))
    inFlight.add(tracked)
  }
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) * perSecond) / 1000)
    while (sent < due) send(sent++)
  }, 5)
  return {
    answered,
    errors,
    async stop() {
      clearInterval(timer)
      while (inFlight.size > 0) await Promise.all([...inFlight])
      agent.destroy()
    },
  }
}
