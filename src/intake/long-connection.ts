import type { Handlers } from '../handlers'
import type { Deps } from '../deps'
import { envelope } from '../lark/events'
import { openLongConnection, type LongConnection } from '../lark/long-connection'
import type { Defer } from './messages'
import { ignored, takeEvent } from './lark-event'

/**
 * Lark's events and card callbacks over the long connection, through the webhook's intake: a
 * message is stored before its ack goes back (a lost ack makes Lark push it again, and the
 * stored row makes that a no-op), a card action's toast or card is the ack's data. No token
 * or signature: the socket itself was opened with the app's secret.
 */
export function startLongConnection(deps: Deps, handlers: Handlers, defer: Defer): LongConnection {
  const { appId, appSecret, domain } = deps.config.lark
  return openLongConnection({
    appId: appId!,
    appSecret: appSecret!,
    domain,
    log: deps.log,
    clock: deps.clock,
    async onPush(payload) {
      const parsed = envelope.safeParse(payload)
      if (!parsed.success) return ignored(deps, 'not a 2.0 event')
      return takeEvent(deps, handlers, parsed.data, defer)
    },
  })
}
