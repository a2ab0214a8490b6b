import type { Refused } from './outbound'

/**
 * What one Lark call came to. `busy`: Lark asks us to slow down; the call pauses and tries again
 * (`waitMs` is Lark's x-ogw-ratelimit-reset, when it sent one). `retry`: it may go through later
 * (Lark down or slow, a code we do not know). `refused`: it never will; `why` says which
 * refusal, for the bot to work around and the record to keep. `token`: the tenant token is invalid (99991663), a new one may go through.
 */
export type Verdict =
  | { kind: 'sent' }
  | { kind: 'busy'; waitMs: number | null; detail: string }
  | { kind: 'retry' | 'token'; detail: string }
  | { kind: 'refused'; detail: string; why: Refused }

type Answer = { code?: number; msg?: string }
type HttpFailure = {
  message?: string
  response?: { status?: number; headers?: Record<string, unknown>; data?: Answer }
}

// Over a limit. HTTP 429 or code 99991400 (api-call-guide/frequency-control); 230020, one chat
// over 5 messages/s, comes back as HTTP 400 (im-v1/message/create, reply); 11232 and 11233 are
// the older send API's overall and per-chat limits (im-v1/faq, "频控错误码").
const BUSY = new Set([99991400, 230020, 11232, 11233])

// Codes that will never go through, from the 错误码 tables of
// https://open.feishu.cn/document/server-docs/im-v1/message/create, …/message/reply and
// …/im-v1/file/create; 230110 from …/message/delete; 99991672 from
// https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code.
const REFUSED = new Set([
  // the bot or the recipient: bot not in the group; bot ability off; user outside the app's
  // availability; group settings forbid it; user resigned; invalid receive_id; sending not
  // allowed (muted, blocked); cross-tenant p2p; user stopped the bot; chat dissolved
  230002, 230006, 230013, 230018, 230029, 230034, 230035, 230038, 230053, 232009,
  // the message replied to: recalled; topic gone; invisible to the bot; deleted; self-destructing
  230011, 230019, 230050, 230110, 230111,
  // the content: invalid parameter; p2p card shared; not the file's owner; sensitive; over
  // 30 KB; failed the DLP audit; type not allowed here; file type mismatch; thread replies not
  // allowed (2); encrypted chat; card invalid or over 200 elements
  230001, 230015, 230017, 230022, 230025, 230028, 230054, 230055, 230071, 230072, 230075, 230099,
  // a card update 14 days after sending (…/message-card/patch)
  230031,
  // permissions: lacks a permission; tenant key deleted; API scope not granted
  230027, 230036, 99991672,
  // file upload: invalid parameter; over 30 MB; bot ability off; empty file
  234001, 234006, 234007, 234010,
  // ids Lark does not know: open_id, message, chat (generic-error-code); a card past its 14
  // days for updates (message-card/patch)
  99992351, 99992354, 99992356, 230031,
])

/** The tenant token is invalid or expired (generic-error-code). */
const TOKEN_INVALID = 99991663
const UNAVAILABLE = 230013
const CARD_FAILED = 230099
/** 230099's sub-error for an <at> or person Lark does not know; its ErrorValue names them. */
const UNKNOWN_MENTION = /ErrCode: 100290\b[^]*?ErrorValue:\s*([^;]*)/

/** A call the SDK resolved: Lark answered HTTP 2xx, with code 0 or not. */
export function judgeAnswer(answer: Answer): Verdict {
  return answer.code ? judge(200, answer, undefined) : { kind: 'sent' }
}

/** A call the SDK threw: an HTTP error status, a timeout, a network failure. */
export function judgeFailure(err: unknown): Verdict {
  const res = (err as HttpFailure).response
  if (!res) return { kind: 'retry', detail: (err as HttpFailure).message ?? String(err) }
  return judge(res.status, res.data ?? {}, res.headers?.['x-ogw-ratelimit-reset'])
}

function judge(status: number | undefined, answer: Answer, reset: unknown): Verdict {
  const code = answer.code
  const detail = `HTTP ${status} code ${code ?? '?'} ${answer.msg ?? ''}`.trim()
  if (status === 429 || (code !== undefined && BUSY.has(code))) {
    const seconds = Number(reset)
    return { kind: 'busy', waitMs: seconds > 0 ? seconds * 1000 : null, detail }
  }
  if (code === TOKEN_INVALID) return { kind: 'token', detail }
  if (code === UNAVAILABLE) {
    return { kind: 'refused', detail, why: { refused: 'unavailable', code } }
  }
  const mention = code === CARD_FAILED ? answer.msg?.match(UNKNOWN_MENTION) : null
  if (mention) {
    const openIds = mention[1]!.match(/[\w-]+/g) ?? []
    return { kind: 'refused', detail, why: { refused: 'mention', openIds, code: CARD_FAILED } }
  }
  if (code !== undefined && REFUSED.has(code)) {
    return { kind: 'refused', detail, why: { refused: 'other', code } }
  }
  // A server error needs no classifying; a code we do not know is flagged for a look.
  const known = (status ?? 0) >= 500 || !code
  return { kind: 'retry', detail: known ? detail : `${detail} (unclassified code)` }
}
