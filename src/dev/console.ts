import { ConsoleInputError, DemoRefusedError } from '../errors'
import { Hono } from 'hono'
import { z } from 'zod'
import type { Handlers } from '../handlers'
import type { Deps } from '../deps'
import { isJobName, JOB_NAMES, runJob } from '../jobs'
import { loadAssets } from './assets'
import { requireConsoleKey } from './console-key'
import { setUpDemo } from './demo-setup'
import { jobSummary } from './job-summary'
import { GROUPS, loadRoster, privateChat } from './roster'
import { type ConsoleSession } from './session'

const sayBody = z.object({ as: z.string().min(1), chat: z.string().min(1), text: z.string() })
const clickBody = z.object({
  as: z.string().min(1),
  item: z.number().int().min(0),
  tag: z.string().default('button'),
  value: z.record(z.string(), z.unknown()),
  formValue: z.record(z.string(), z.unknown()).optional(),
})

/**
 * The local chat console under /dev: mounted by the Node entry only, never on Workers. With a
 * `key`, the page and its API answer only requests that carry it.
 */
export function devConsole(deps: Deps, handlers: Handlers, session: ConsoleSession, key?: string) {
  const app = new Hono()
  const asset = loadAssets()
  const file = (name: string) => {
    const found = asset(name)
    if (!found) return new Response('not found', { status: 404 })
    return new Response(found.body, {
      headers: { 'content-type': found.type, 'cache-control': 'no-store' },
    })
  }

  app.get('/assets/:name', (c) => file(c.req.param('name')))
  // Registered after the assets: they are the repository's own files, loaded by <link> and
  // <script> tags that cannot send the key. Everything below needs it.
  if (key) app.use('*', requireConsoleKey(key))

  app.get('/', () => file('index.html'))

  app.get('/api/state', async (c) => {
    const roster = await loadRoster(deps.database.db, deps.config.adminOpenIds)
    const empty = roster.every((r) => r.role === 'stranger' || r.role === 'admin')
    return c.json({
      roster,
      groups: GROUPS,
      jobs: JOB_NAMES,
      empty,
      now: deps.clock().toISOString(),
    })
  })

  app.get('/api/chats/:id', (c) =>
    c.json(session.conversation(c.req.param('id'), c.req.query('as'))),
  )
  app.get('/api/files/:key', (c) => {
    const file = session.file(c.req.param('key'))
    if (!file) return c.json({ error: '没有这个文件' }, 404)
    return c.body(file.bytes.slice().buffer, 200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    })
  })
  app.get('/api/private/:openId', (c) => c.json({ chat: privateChat(c.req.param('openId')) }))

  app.post('/api/say', async (c) => {
    const body = sayBody.parse(await c.req.json())
    return c.json(await session.say(body.as, body.chat, body.text))
  })

  app.post('/api/click', async (c) => {
    const { as, item, ...action } = clickBody.parse(await c.req.json())
    return c.json(await session.click(as, item, action))
  })

  app.post('/api/demo', async (c) => {
    return c.json({ summary: await setUpDemo(deps, session) })
  })

  app.post('/api/jobs/:name', async (c) => {
    const name = c.req.param('name')
    if (!isJobName(name)) throw new ConsoleInputError(`没有这个任务：${name}`)
    const result = await runJob(deps, handlers, name, { now: deps.clock() })
    return c.json({ ...result, summary: jobSummary(result) })
  })

  app.onError((err, c) => {
    if (
      err instanceof DemoRefusedError ||
      err instanceof ConsoleInputError ||
      err instanceof z.ZodError
    ) {
      return c.json({ error: err.message }, 400)
    }
    throw err
  })
  return app
}
