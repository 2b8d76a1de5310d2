import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Tables every actor database has: the outbox of domain events (with the per-actor
 * sequence number that push clients resume from), the audit log, stored replies of
 * idempotent commands, and the fencing epoch of the current owner.
 */
export const outbox = sqliteTable('outbox', {
  seq: integer('seq').primaryKey(),
  type: text('type').notNull(),
  subject: text('subject').notNull(),
  data: text('data', { mode: 'json' }).notNull(),
  /** User or employee ids that may hear of the event besides HR (null: only them). */
  audience: text('audience', { mode: 'json' }).$type<string[] | null>(),
  requestId: text('request_id').notNull(),
  at: text('at').notNull(),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    // No AUTOINCREMENT: rows are never deleted (an erasure scrubs them), so the rowid already
    // grows by one each, and a commit writes no page of sqlite_sequence for it.
    id: integer('id').primaryKey(),
    at: text('at').notNull(),
    requestId: text('request_id').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id').notNull(),
    action: text('action').notNull(),
    subject: text('subject'),
    changes: text('changes', { mode: 'json' }).notNull(),
  },
  (t) => [index('audit_log_subject').on(t.subject, t.id), index('audit_log_actor').on(t.actorId, t.id)],
);

/** Stored replies of idempotent commands, kept 24 hours. */
export const idempotency = sqliteTable(
  'idempotency',
  {
    key: text('key').primaryKey(),
    fingerprint: text('fingerprint').notNull(),
    reply: text('reply', { mode: 'json' }).notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('idempotency_at').on(t.at)],
);

/** One row: the owner's fencing epoch and how far the outbox has been published. */
export const actorMeta = sqliteTable('actor_meta', {
  id: integer('id').primaryKey(),
  epoch: integer('epoch').notNull(),
  publishedSeq: integer('published_seq').notNull(),
});

/**
 * Persisted timers: a command schedules one (accrual runs, reminders, future-dated changes),
 * and when it is due the actor sends itself the message it names. The row is deleted in
 * the same transaction as that message's effects, so a timer fires exactly once.
 */
export const timers = sqliteTable('timers', {
  key: text('key').primaryKey(),
  dueAt: text('due_at').notNull(),
  type: text('type').notNull(),
  payload: text('payload', { mode: 'json' }).notNull(),
  createdAt: text('created_at').notNull(),
});

export type TimerRow = typeof timers.$inferSelect;
