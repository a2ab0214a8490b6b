/**
 * Lark drops a repeated send with the same uuid for one hour; after that the same uuid sends
 * again, so nothing already tried is tried past it (im-v1/message/create, `uuid`).
 */
export const UUID_WINDOW_MS = 60 * 60 * 1000

/** The office's notices, as deliverOnce jobs: each is sent once per period and admin. */
export const REPLY_REFUSED = 'reply-refused'
export const REPLY_LATE = 'reply-late'
export const LATE_NOTICE = 'delivery-late'
export const UNKNOWN_OPEN_ID = 'unknown-open-id'
export const OUTSIDE_SCOPE = 'outside-scope'

/** A notice that fails is not itself noticed: that could go on for as long as Lark is down. */
export const OFFICE_NOTICES: ReadonlySet<string> = new Set([
  REPLY_REFUSED,
  REPLY_LATE,
  LATE_NOTICE,
  UNKNOWN_OPEN_ID,
  OUTSIDE_SCOPE,
])
