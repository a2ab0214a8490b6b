import type { Handlers } from '../handlers'
import type { Deps } from '../deps'
import { decryptEvent, verifySignature } from '../lark/crypto'
import { envelope, urlVerification } from '../lark/events'
import { ignored, takeEvent } from './lark-event'
import type { Defer } from './messages'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })

/**
 * POST /lark/webhook, in Lark's order: url_verification, then signature (or token), then the
 * event. https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 * Anything signed that we do not act on gets 200, so Lark does not deliver it four more times.
 */
export async function handleWebhook(
  deps: Deps,
  handlers: Handlers,
  req: Request,
  defer: Defer,
): Promise<Response> {
  const { lark } = deps.config
  // Without a Verification Token anyone could post events: the long connection brings them.
  if (lark.transport !== 'webhook')
    return json({ error: 'events come over the long connection' }, 404)
  const raw = await req.text()
  const body = parseJson(raw)
  if (!body || typeof body !== 'object') return json({ error: 'body is not JSON' }, 400)

  const payload = decode(body as Record<string, unknown>, lark.encryptKey)
  if (payload === undefined) return json({ error: 'cannot decrypt body' }, 400)

  const challenge = urlVerification.safeParse(payload)
  if (challenge.success) {
    if (challenge.data.token !== lark.verificationToken) return json({ error: 'bad token' }, 401)
    return json({ challenge: challenge.data.challenge })
  }

  if (lark.encryptKey && !signed(deps, req, raw)) {
    return json({ error: 'bad signature' }, 401)
  }
  const parsed = envelope.safeParse(payload)
  if (!parsed.success) {
    // A 1.0 event (`{"uuid", "token", "type": "event_callback"}`) or something new: not ours.
    if (!lark.encryptKey && tokenOf(payload) !== lark.verificationToken) {
      return json({ error: 'bad token' }, 401)
    }
    return json(ignored(deps, 'not a 2.0 event'))
  }
  if (parsed.data.header.token !== lark.verificationToken) return json({ error: 'bad token' }, 401)

  return json(await takeEvent(deps, handlers, parsed.data, defer))
}

/** The signature over the raw body, within the window that covers Lark's retries. */
function signed(deps: Deps, req: Request, raw: string): boolean {
  const { encryptKey, maxSkewSec } = deps.config.lark
  const headers = {
    timestamp: req.headers.get('x-lark-request-timestamp') ?? undefined,
    nonce: req.headers.get('x-lark-request-nonce') ?? undefined,
    signature: req.headers.get('x-lark-signature') ?? undefined,
  }
  const nowMs = deps.clock().getTime()
  if (verifySignature(headers, encryptKey!, raw, nowMs, maxSkewSec)) return true
  const age = Math.round(nowMs / 1000 - Number(headers.timestamp))
  deps.log.warn(
    `refused a webhook: bad or missing signature (timestamp ${headers.timestamp ?? 'none'}, ` +
      `age ${Number.isFinite(age) ? `${age} s` : 'unknown'}, window ${maxSkewSec} s)`,
  )
  return false
}

const tokenOf = (payload: unknown) => (payload as { token?: unknown } | null)?.token

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

/** The plaintext payload, or undefined when an encrypted body cannot be read. */
function decode(body: Record<string, unknown>, encryptKey: string | undefined): unknown {
  if (typeof body.encrypt !== 'string') return body
  if (!encryptKey) return undefined
  try {
    return JSON.parse(decryptEvent(body.encrypt, encryptKey))
  } catch {
    return undefined
  }
}
