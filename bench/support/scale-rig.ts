import { handlers } from '../../commands'
import { createNodeDeps } from '../../src/adapter/node/deps'
import { createRunner } from '../../src/adapter/node/runner'
import { createApp } from '../../src/app'
import { signedRequest } from '../../src/lark/crypto'
import { messageEvent } from '../../src/lark/payloads'
import type { LarkApi } from '../../src/lark/outbound'
import { createOutbox } from '../../src/local/outbox'
import { silentLogger } from '../../src/log'
import type { Card } from '../../templates/card'
import { SCALE_NOW } from './scale-world'

const TOKEN = 'scale bench token'
const KEY = 'scale bench encrypt key'

/** What one message came to: when its reply went out, and when all its work was done (ms). */
export type Said = { messageId: string; replyMs: number | null; doneMs: number; reply?: Card }

/**
 * The real app on the generated file, as the Node server builds it, in this process: signed,
 * encrypted webhooks go through app.request, replies land in the local outbox, and the clock
 * starts at the data's fixed now and runs on from there. Errors the app logs are kept.
 */
export async function createScaleRig(dbPath: string) {
  const errors: string[] = []
  const log = {
    ...silentLogger,
    error: (line: string, err?: unknown) => errors.push(`${line}: ${String(err)}`),
  }
  const outbox = createOutbox(() => undefined)
  const repliedAt = new Map<string, number>()
  const lark: LarkApi = {
    ...outbox.api,
    reply: (messageId, ...rest) => {
      repliedAt.set(messageId, performance.now())
      return outbox.api.reply(messageId, ...rest)
    },
  }
  const started = performance.now()
  const clock = () => new Date(SCALE_NOW.getTime() + performance.now() - started)
  const env = {
    DATABASE_URL: `file:${dbPath}`,
    LARK_VERIFICATION_TOKEN: TOKEN,
    LARK_ENCRYPT_KEY: KEY,
  }
  const { deps } = await createNodeDeps(env, { log, clock, lark })
  const app = createApp(() => deps, handlers)
  const runner = createRunner()

  /** Sends one chat message as Lark would and waits until everything it started is done. */
  async function say(from: string, text: string, chatId: string): Promise<Said> {
    const at = clock()
    const body = messageEvent({
      token: TOKEN,
      chatId,
      chatType: 'group',
      sender: { openId: from },
      text,
      at,
    })
    const signed = signedRequest(body, {
      encryptKey: KEY,
      encrypt: true,
      timestampSec: Math.floor(at.getTime() / 1000),
    })
    const messageId = body.event.message.message_id
    const t0 = performance.now()
    const res = await app.request(
      '/lark/webhook',
      { method: 'POST', body: signed.body, headers: signed.headers },
      {},
      runner,
    )
    if (res.status !== 200) throw new Error(`webhook answered ${res.status} to ${text}`)
    await runner.idle()
    const doneMs = performance.now() - t0
    // The outbox keeps what was uploaded; a file is not needed once it was sent, and an
    // export's is tens of megabytes.
    outbox.uploads.clear()
    const sent = repliedAt.get(messageId)
    const reply = outbox.items.findLast((i) => i.kind === 'reply' && i.to === messageId)?.card
    return { messageId, replyMs: sent === undefined ? null : sent - t0, doneMs, reply }
  }

  return { deps, outbox, errors, clock, say, close: () => deps.database.close() }
}

export type ScaleRig = Awaited<ReturnType<typeof createScaleRig>>
