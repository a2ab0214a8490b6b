import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`)

/** 参学单位. Deactivated units keep their history but are no longer expected to report. */
export const units = sqliteTable('units', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  aliases: text('aliases', { mode: 'json' })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
})

/** Everyone the bot knows by open_id: a liaison belongs to one unit; a role is leader or admin. */
export const people = sqliteTable('people', {
  openId: text('open_id').primaryKey(),
  name: text('name').notNull().default(''),
  unitId: integer('unit_id').references(() => units.id),
  role: text('role', { enum: ['leader', 'admin'] }),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
})

/**
 * One row per Lark message_id: the guard that makes at-least-once delivery count once.
 * Stored (with the event) before Lark gets its 200; processed after, which sets processedAt
 * and the reply in the command's own transaction, so a process that dies in between leaves
 * a row the sweep finishes, and a reply that never went out can be sent again.
 */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    messageId: text('message_id').primaryKey(),
    eventId: text('event_id').notNull(),
    chatId: text('chat_id').notNull(),
    senderOpenId: text('sender_open_id').notNull(),
    text: text('text').notNull(),
    /** The im.message.receive_v1 event, to process it later. */
    event: text('event').notNull().default('{}'),
    processedAt: integer('processed_at', { mode: 'timestamp_ms' }),
    reply: text('reply'),
    /** The reply is for the sender only (their mistake): 仅对你可见 in a group. */
    replyPrivately: integer('reply_privately', { mode: 'boolean' }).notNull().default(false),
    repliedAt: integer('replied_at', { mode: 'timestamp_ms' }),
    /** When the sweep next looks at it; null once replied to, or given up on (see failure). */
    pendingAt: integer('pending_at', { mode: 'timestamp_ms' }),
    /** The sweep's attempts so far; each one moves pendingAt further out. */
    attempts: integer('attempts').notNull().default(0),
    /** Why the sweep gave up: Lark refused the reply for good, or too many attempts. */
    failure: text('failure'),
    createdAt: createdAt(),
  },
  // The sweep reads only unfinished messages, oldest first, without touching the others.
  (t) => [
    index('inbound_messages_sweep')
      .on(t.pendingAt)
      .where(sql`${t.pendingAt} is not null`),
  ],
)

/** One /上报 message: 记录号 is its id. Its entries stand or fall together. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id').notNull().unique(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    week: text('week').notNull(),
    reporterOpenId: text('reporter_open_id').notNull(),
    note: text('note'),
    /** 'correction' for /更正: it sets its indicators' figures for the week (entryRevocations). */
    kind: text('kind', { enum: ['report', 'correction'] })
      .notNull()
      .default('report'),
    /** Made by an admin into a week already locked (reported upward). */
    afterLock: integer('after_lock', { mode: 'boolean' }).notNull().default(false),
    /**
     * Why the report was held back instead of counted: the same figures as one its unit sent
     * that week, an amount far above the unit's own history, or a stock below its level before
     * (the week's new ones typed instead of the total). It counts once released.
     */
    held: text('held', { enum: ['duplicate', 'outlier', 'drop'] }),
    releasedBy: text('released_by'),
    releasedAt: integer('released_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('reports_unit_week').on(t.unitId, t.week),
    // A week across all units (/统计 本周, the digest): searched, not the whole index scanned.
    index('reports_week_unit').on(t.week, t.unitId),
  ],
)

export const entries = sqliteTable(
  'entries',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id),
    indicator: text('indicator').notNull(),
    amount: integer('amount').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.indicator] }),
    // Totals read the amount beside the key: covered, no lookup of the row itself.
    index('entries_covering').on(t.reportId, t.indicator, t.amount),
  ],
)

/**
 * Running totals: per unit, indicator and week, what counts (see counted() in
 * queries/reports.ts) — the sum, and the figure of the latest report (a stock's level). Kept in
 * the same batch or transaction as every write that changes what counts, recomputed there from
 * that unit's week, so the cards read hundreds of rows, not two years of entries.
 */
export const weekTotals = sqliteTable(
  'week_totals',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    indicator: text('indicator').notNull(),
    week: text('week').notNull(),
    amount: integer('amount').notNull(),
    latest: integer('latest').notNull(),
  },
  (t) => [
    // One unit's history of an indicator (holds, refreshing unit_totals), and its week.
    primaryKey({ columns: [t.unitId, t.indicator, t.week] }),
    // Some weeks across all units (/统计 本周, 本月, the digest), covered.
    index('week_totals_week').on(t.week, t.unitId, t.indicator, t.amount),
    // The district's weeks by indicator (the digest's trend), covered and in group order.
    index('week_totals_week_indicator').on(t.week, t.indicator, t.amount),
    // A stock's levels over time across all units, covered.
    index('week_totals_indicator').on(t.indicator, t.unitId, t.week, t.latest),
  ],
)

/** The all-time sum per unit and indicator: week_totals added up, refreshed with them. */
export const unitTotals = sqliteTable(
  'unit_totals',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    indicator: text('indicator').notNull(),
    amount: integer('amount').notNull(),
    /** How many weeks have a figure: a cumulative to an earlier week knows what is left. */
    weeks: integer('weeks').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.indicator] })],
)

/** A correction never edits a report: it adds one revocation, at most one per report. */
export const revocations = sqliteTable('revocations', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reports.id),
  revokedBy: text('revoked_by').notNull(),
  createdAt: createdAt(),
})

/**
 * An entry a /更正 replaced: the earlier figures of that indicator for that unit and week stop
 * counting, and stay on record with the correction that replaced them.
 */
export const entryRevocations = sqliteTable(
  'entry_revocations',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id),
    indicator: text('indicator').notNull(),
    byReportId: integer('by_report_id')
      .notNull()
      .references(() => reports.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicator] })],
)

/**
 * The campaign's targets, set with /目标: the district's for an indicator (unit_id null) or one
 * unit's. Completion is the cumulative figure over the target.
 */
export const targets = sqliteTable(
  'targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id').references(() => units.id),
    indicator: text('indicator').notNull(),
    amount: integer('amount').notNull(),
    setBy: text('set_by').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('targets_district')
      .on(t.indicator)
      .where(sql`${t.unitId} is null`),
    uniqueIndex('targets_unit')
      .on(t.unitId, t.indicator)
      .where(sql`${t.unitId} is not null`),
  ],
)

/** Figures only the office knows (抽调干部, 制定方案 …), set with /填报; the latest one stands. */
export const officeFigures = sqliteTable(
  'office_figures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    indicator: text('indicator').notNull(),
    amount: integer('amount').notNull(),
    setBy: text('set_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('office_figures_indicator').on(t.indicator, t.id)],
)

/**
 * The last id handed out per table, for rows whose id must be known before the batch that
 * inserts them (a report's 记录号 is on its receipt). A table of our own: AUTOINCREMENT's
 * sqlite_sequence is SQLite's to write.
 */
export const sequences = sqliteTable('sequences', {
  name: text('name').primaryKey(),
  last: integer('last').notNull(),
})

/** Card clicks answered so far, by event_id, so a click delivered twice gets the same answer. */
export const cardActions = sqliteTable('card_actions', {
  eventId: text('event_id').primaryKey(),
  response: text('response').notNull(),
  createdAt: createdAt(),
})

/** Chat-level settings such as the leaders' and liaisons' group chats. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
})

export type Unit = typeof units.$inferSelect
export type Report = typeof reports.$inferSelect

/** 整改事项: 挂账销号. Overdue is derived from the deadline, never stored. */
export const rectifications = sqliteTable(
  'rectifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** What the office types, e.g. ZG-2026-007: year and sequence within the year. */
    code: text('code').notNull().unique(),
    year: integer('year').notNull(),
    seq: integer('seq').notNull(),
    problem: text('problem').notNull(),
    source: text('source').notNull(),
    measures: text('measures').notNull().default(''),
    /** Shanghai calendar date, YYYY-MM-DD. */
    deadline: text('deadline').notNull(),
    leadLeader: text('lead_leader').notNull(),
    leadLeaderOpenId: text('lead_leader_open_id'),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: ['open', 'pending', 'closed'] })
      .notNull()
      .default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: createdAt(),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    /**
     * Whether the unit's liaisons are sent notices about the item (new, due, overdue); the
     * office chooses when filing, findings of 巡视巡察 and 审计 are not sent by default.
     */
    notifyLiaisons: integer('notify_liaisons', { mode: 'boolean' }).notNull().default(true),
  },
  (t) => [
    uniqueIndex('rectifications_year_seq').on(t.year, t.seq),
    index('rectifications_status_deadline').on(t.status, t.deadline),
  ],
)

/**
 * Every change to a rectification, one row each (who, when, what, old and new value).
 * `dedupeKey` (message_id or card event) makes a double click or a redelivery write once.
 */
export const rectificationHistory = sqliteTable(
  'rectification_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    rectificationId: integer('rectification_id')
      .notNull()
      .references(() => rectifications.id),
    actorOpenId: text('actor_open_id').notNull(),
    action: text('action').notNull(),
    field: text('field'),
    oldValue: text('old_value'),
    newValue: text('new_value'),
    note: text('note'),
    dedupeKey: text('dedupe_key').unique(),
    createdAt: createdAt(),
  },
  (t) => [index('rectification_history_item').on(t.rectificationId)],
)

/**
 * 佐证: what shows an item was rectified. An image or file stays in Lark, kept by its key and
 * the message that carried it; a link or a line of text typed into the 销号 form is kept as
 * written. The same key attaches to an item once.
 */
export const rectificationEvidence = sqliteTable(
  'rectification_evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    rectificationId: integer('rectification_id')
      .notNull()
      .references(() => rectifications.id),
    kind: text('kind', { enum: ['image', 'file', 'text'] }).notNull(),
    /** image_key, file_key, or the text itself. */
    key: text('key').notNull(),
    /** A file's name as sent. */
    name: text('name'),
    /** The Lark message that carried it; null for the form's text. */
    messageId: text('message_id'),
    actorOpenId: text('actor_open_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('rectification_evidence_key').on(t.rectificationId, t.key)],
)

/**
 * What a scheduled job (or a 催报 click) sent, per period and recipient: claimed before the
 * send, with the card, and marked sent after, so a double trigger sends nothing twice and what
 * one invocation could not send (a run that died, a fan-out larger than its budget) is sent by
 * the sweep on a later tick, without working the job out again.
 */
export const jobDeliveries = sqliteTable(
  'job_deliveries',
  {
    job: text('job').notNull(),
    period: text('period').notNull(),
    /** recipientKey: `open_id:…` or `chat_id:…`. */
    recipient: text('recipient').notNull(),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /** The card as JSON; null only on a claim made before its card (a 催报 click's). */
    card: text('card'),
    /**
     * When the sweep may next try it; null once sent, given up on, or while it has no card.
     * Each attempt moves it further out.
     */
    pendingAt: integer('pending_at', { mode: 'timestamp_ms' }),
    attempts: integer('attempts').notNull().default(0),
    /** Why it was given up on: Lark refused it for good, or too many attempts. */
    failure: text('failure'),
  },
  // The sweep reads only the unsent, oldest first, without touching the sent ones.
  (t) => [
    primaryKey({ columns: [t.job, t.period, t.recipient] }),
    index('job_deliveries_pending')
      .on(t.pendingAt)
      .where(sql`${t.pendingAt} is not null`),
  ],
)

/**
 * Cards the bot sent that a later decision must update (Lark's PATCH, within 14 days): which
 * card (`kind` and `subject`, e.g. a queued delivery's job and period), the message Lark made
 * of each copy, and where it went (a recipientKey).
 */
export const sentCards = sqliteTable(
  'sent_cards',
  {
    messageId: text('message_id').primaryKey(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    chat: text('chat').notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sent_cards_subject').on(t.kind, t.subject)],
)

export type Rectification = typeof rectifications.$inferSelect
export type RectificationHistory = typeof rectificationHistory.$inferSelect
export type RectificationEvidence = typeof rectificationEvidence.$inferSelect
