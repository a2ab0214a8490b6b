import type { Handlers } from '../../commands/registry'
import type { Deps } from '../deps'
import { decryptEvent, verifySignature } from '../lark/crypto'
import { cardActionEvent, envelope, messageEvent, urlVerification } from '../lark/events'
import { handleCardAction } from './card-actions'
import { handleMessage, type Defer } from './messages'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })

/**
 * POST /lark/webhook, in Lark's order: url_verification, then signature (or token), then the
 * event. https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/encrypt-key-encryption-configuration-case
 */
export async function handleWebhook(
  deps: Deps,
  handlers: Handlers,
  req: Request,
  defer: Defer,
): Promise<Response> {
  const { lark } = deps.config
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

  const parsed = envelope.safeParse(payload)
  if (!parsed.success) return json({ error: 'not a Lark event' }, 400)
  const signed = lark.encryptKey
    ? verifySignature(
        {
          timestamp: req.headers.get('x-lark-request-timestamp') ?? undefined,
          nonce: req.headers.get('x-lark-request-nonce') ?? undefined,
          signature: req.headers.get('x-lark-signature') ?? undefined,
        },
        lark.encryptKey,
        raw,
        deps.clock().getTime(),
        lark.maxSkewSec,
      )
    : true
  if (!signed || parsed.data.header.token !== lark.verificationToken) {
    return json({ error: 'bad signature or token' }, 401)
  }

  const { event_type: type, event_id: eventId } = parsed.data.header
  if (type === 'im.message.receive_v1') {
    const event = messageEvent.safeParse(parsed.data.event)
    if (!event.success) return json({ error: 'malformed message event' }, 400)
    await handleMessage(deps, handlers.commands, event.data, eventId, defer)
    return json({})
  }
  if (type === 'card.action.trigger') {
    const event = cardActionEvent.safeParse(parsed.data.event)
    if (!event.success) return json({ error: 'malformed card action' }, 400)
    return json(await handleCardAction(deps, handlers.actions, event.data, eventId, defer))
  }
  deps.log.info(`ignored event type ${type}`)
  return json({})
}

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
