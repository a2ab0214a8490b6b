import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { handlers } from '../../commands'
import { createRunner } from '../../src/adapter/node/runner'
import { createApp } from '../../src/app'
import { createNodeDeps } from '../../src/adapter/node/deps'
import { reachesBot } from '../../src/local/fake-lark-rules'
import { createOutbox, outboxRoutes } from '../../src/local/outbox'
import { runJob, type JobName, type JobOptions } from '../../src/jobs'
import { signedRequest } from '../../src/lark/crypto'
import type { Mention, Who } from '../../src/lark/payloads'
import type { LarkApi } from '../../src/lark/outbound'
import { silentLogger } from '../../src/log'
import type { Card } from '../../templates/card'
import { cardActionEvent, messageEvent, VERIFICATION_TOKEN } from './events'

export const ENCRYPT_KEY = 'test encrypt key'
export const ADMIN: Who = { openId: 'ou_admin', name: '办公室' }

export type TestBotOptions = {
  env?: Record<string, string>
  now?: () => Date
  /** One invocation's subrequest budget, as on Workers (default: Infinity, as on Node). */
  subrequests?: number
}

/**
 * The real app on a real migrated libSQL file, driven through signed, encrypted webhooks.
 * Without LARK_APP_ID in env, replies land in the local outbox.
 */
export async function createTestBot(opts: TestBotOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tally-test-'))
  let now = opts.now ?? (() => new Date())
  // Errors are kept, so a test can say that nothing went wrong behind the 200s.
  const errors: string[] = []
  const warnings: string[] = []
  const log = {
    ...silentLogger,
    warn: (line: string) => warnings.push(line),
    error: (line: string, err?: unknown) => errors.push(`${line}: ${err}`),
  }
  const outbox = createOutbox(() => undefined)
  // Deps are read-only; a test that makes Lark fail swaps what this forwarder calls.
  let lark: LarkApi = outbox.api
  const forward: LarkApi = {
    reply: (...args) => lark.reply(...args),
    send: (...args) => lark.send(...args),
    updateCard: (...args) => lark.updateCard(...args),
    sendEphemeral: (...args) => lark.sendEphemeral(...args),
    findOpenIds: (...args) => lark.findOpenIds(...args),
    userName: (...args) => lark.userName(...args),
    uploadFile: (...args) => lark.uploadFile(...args),
    sendFile: (...args) => lark.sendFile(...args),
    botOpenId: () => lark.botOpenId(),
  }
  // With LARK_APP_ID set, the SDK talks to whatever LARK_DOMAIN the test points it at.
  const env: Record<string, string> = {
    LARK_VERIFICATION_TOKEN: VERIFICATION_TOKEN,
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    DATABASE_URL: `file:${join(dir, 'tally.db')}`,
    ADMIN_OPEN_IDS: ADMIN.openId,
    ...opts.env,
  }
  const { deps } = await createNodeDeps(env, {
    log,
    clock: () => now(),
    subrequests: opts.subrequests,
    ...(env.LARK_APP_ID ? {} : { lark: forward }),
  })
  const { config } = deps
  const app = createApp(() => deps, handlers)
  app.route('/dev/outbox', outboxRoutes(outbox))
  const runner = createRunner()
  const dying = { waitUntil() {}, passThroughOnException() {}, props: {} }

  /** `dies`: the process answers, then dies before its after-answer work runs. */
  async function post(
    body: object,
    init: { encrypt?: boolean; headers?: Record<string, string>; dies?: boolean } = {},
  ) {
    const bot = { openId: await deps.lark.botOpenId(), name: config.lark.botName }
    if (!reachesBot(body, bot)) {
      throw new Error('Lark never delivers a group message that does not @ the bot')
    }
    const req = signedRequest(body, {
      encryptKey: ENCRYPT_KEY,
      encrypt: init.encrypt ?? true,
      timestampSec: Math.floor(now().getTime() / 1000),
    })
    const res = await app.request(
      '/lark/webhook',
      { method: 'POST', body: req.body, headers: { ...req.headers, ...init.headers } },
      {},
      init.dies ? dying : runner,
    )
    await runner.idle()
    return res
  }

  /**
   * Sends a chat message and returns the card its sender sees in answer (undefined if none):
   * the reply, or a card for them alone (their mistake in a group: privately, or 仅对你可见).
   */
  async function say(
    who: Who,
    text: string,
    extra: {
      mentions?: Mention[]
      chatType?: 'p2p' | 'group'
      chatId?: string
      messageId?: string
    } = {},
  ) {
    const event = messageEvent({ text, sender: who, ...ours(), ...extra })
    const before = outbox.items.length
    const res = await post(event)
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`)
    const privately = outbox.items
      .slice(before)
      .findLast((i) => i.kind !== 'reply' && i.to === `open_id:${who.openId}`)
    return replyTo(event.event.message.message_id) ?? privately?.card
  }

  /** Deliveries for this bot's app, made when the bot's clock says. */
  const ours = () => ({ appId: config.lark.appId, at: now() })

  function replyTo(messageId: string): Card | undefined {
    return outbox.items.findLast((i) => i.kind === 'reply' && i.to === messageId)?.card
  }

  async function click(
    who: Who,
    value: Record<string, unknown>,
    extra: {
      formValue?: Record<string, unknown>
      eventId?: string
      /** The message carrying the clicked card, and its chat. */
      messageId?: string
      chatId?: string
    } = {},
  ) {
    const res = await post(cardActionEvent({ value, operator: who, ...ours(), ...extra }))
    return {
      status: res.status,
      body: (await res.json()) as {
        toast: { type: string; content: string }
        card?: { data: Card }
      },
    }
  }

  return {
    app,
    deps,
    outbox,
    config,
    runner,
    errors,
    warnings,
    post,
    say,
    click,
    replyTo,
    setNow(next: Date) {
      now = () => next
    },
    /** Lark as the test wants it, given the local outbox (no argument: the outbox again). */
    useLark(make?: (outbox: LarkApi) => LarkApi) {
      lark = make ? make(outbox.api) : outbox.api
    },
    runJob: (name: JobName, opts: JobOptions) => runJob(deps, handlers, name, opts),
    async close() {
      await runner.idle()
      deps.database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type TestBot = Awaited<ReturnType<typeof createTestBot>>

/** Everything a person would read on a card, as one string. */
export function cardText(card: Card | undefined): string {
  if (!card) return ''
  const parts: string[] = []
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (!node || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node)) {
      if (key === 'behaviors' || key === 'value') continue
      if (typeof value === 'string' && ['content', 'display_name'].includes(key)) parts.push(value)
      else if (key === 'rows' && Array.isArray(value))
        value.forEach((r) => parts.push(Object.values(r as object).join(' ')))
      else walk(value)
    }
  }
  walk(card.header)
  walk(card.body)
  return parts.join('\n')
}
