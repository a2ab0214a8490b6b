import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

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
 * The reply is stored with it, so a redelivery before the reply went out can send it again.
 */
export const inboundMessages = sqliteTable('inbound_messages', {
  messageId: text('message_id').primaryKey(),
  eventId: text('event_id').notNull(),
  chatId: text('chat_id').notNull(),
  senderOpenId: text('sender_open_id').notNull(),
  text: text('text').notNull(),
  reply: text('reply'),
  repliedAt: integer('replied_at', { mode: 'timestamp_ms' }),
  createdAt: createdAt(),
})

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
    createdAt: createdAt(),
  },
  (t) => [index('reports_unit_week').on(t.unitId, t.week)],
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
  (t) => [primaryKey({ columns: [t.reportId, t.indicator] })],
)

/** A correction never edits a report: it adds one revocation, at most one per report. */
export const revocations = sqliteTable('revocations', {
  reportId: integer('report_id')
    .primaryKey()
    .references(() => reports.id),
  revokedBy: text('revoked_by').notNull(),
  createdAt: createdAt(),
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
export type Person = typeof people.$inferSelect
export type Report = typeof reports.$inferSelect
