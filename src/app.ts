import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import pkg from '../package.json'
import { schemaVersion } from '../db/queries/schema-version'
import type { Handlers } from './handlers'
import type { Deps } from './deps'
import type { LinkStatus } from './lark/long-connection'
import { handleWebhook } from './intake/webhook'

const MAX_BODY_BYTES = 1024 * 1024
const tooLarge = (c: Context) => c.json({ error: 'body too large' }, 413)
const streamedLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge })

/**
 * A declared Content-Length is checked without touching the body, so Node's adapter can still
 * read it straight off the socket (hono's bodyLimit turns every body into a web stream, which
 * was a fifth of a webhook's CPU); a chunked body goes through bodyLimit's counting reader.
 */
const limitBody: MiddlewareHandler = async (c, next) => {
  const declared = c.req.header('content-length')
  if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
    return streamedLimit(c, next)
  }
  if (Number(declared) > MAX_BODY_BYTES) return tooLarge(c)
  await next()
}

/** The long connection's state when the entry holds one, shown by /healthz. */
export type AppOptions = { link?: () => LinkStatus }

/**
 * Routes and the one error handler. Runtime specifics stay in the entries, which hand in the
 * command and card-action registries and say where a request's deps come from: the Node
 * server has one set for the process, a Worker builds one per request (src/index.ts).
 */
export function createApp(
  depsOf: (c: Context) => Deps,
  handlers: Handlers,
  options: AppOptions = {},
) {
  const app = new Hono()

  // A write, not a read: a database that still answers reads but refuses writes (locked by
  // another process, a wedged connection) loses webhooks, so it must not look healthy.
  app.get('/healthz', async (c) => {
    const deps = depsOf(c)
    try {
      const schema = await deps.database.write((tx) => schemaVersion(tx))
      const transport = deps.config.lark.transport
      return c.json({ ok: true, app: pkg.version, schema, transport, ...options.link?.() })
    } catch (err) {
      deps.log.warn(`healthz: the database refuses writes: ${String(err)}`)
      return c.json({ ok: false, error: 'database refuses writes' }, 503)
    }
  })

  app.post('/lark/webhook', limitBody, (c) => {
    const deps = depsOf(c)
    return handleWebhook(deps, handlers, c.req.raw, (work) =>
      c.executionCtx.waitUntil(work.catch((err) => deps.log.error('after-reply work failed', err))),
    )
  })

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse()
    // Storage or other failure before the durable write: 5xx makes Lark deliver again.
    depsOf(c).log.error(`request failed: ${c.req.method} ${c.req.path}`, err)
    return c.json({ error: 'internal error' }, 500)
  })

  return app
}
