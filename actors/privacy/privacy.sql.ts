import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A subject-access export produced as a job: one section of the personal-data map per step,
 * each in its own transaction, so a long history never holds the actor and the caller can
 * follow `done` of `total`. The result is itself personal data: the map says so, and an
 * erasure removes it.
 */
export const dataExports = sqliteTable(
  'privacy_exports',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    status: text('status', { enum: ['running', 'completed'] }).notNull(),
    /** Sections of the map written so far, of `total`. */
    done: integer('done').notNull(),
    total: integer('total').notNull(),
    result: text('result', { mode: 'json' }).$type<Record<string, Record<string, unknown[]>>>().notNull(),
    requestedBy: text('requested_by').notNull(),
    queuedAt: text('queued_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('privacy_exports_employee').on(t.employeeId)],
);
export type DataExportRow = typeof dataExports.$inferSelect;

/**
 * An erasure: who asked, when, why and which categories; never the erased values. `step`
 * and `cursor` are its durable progress marker: each step commits with the marker moved
 * past it, so after a crash the job resumes where the last commit left it.
 */
export const erasures = sqliteTable(
  'privacy_erasures',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    /** `request`: HR asked; `retention`: the daily run found the categories due. */
    trigger: text('trigger', { enum: ['request', 'retention'] }).notNull(),
    categories: text('categories', { mode: 'json' }).$type<string[]>().notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['running', 'completed'] }).notNull(),
    step: integer('step').notNull(),
    /** Within a step over a log table: the last rowid done. */
    cursor: integer('cursor').notNull(),
    /** Document blobs whose rows are gone, deleted from the store by the next step. */
    pendingBlobs: text('pending_blobs', { mode: 'json' }).$type<string[]>().notNull(),
    /** Rows touched per category, for the record. */
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>().notNull(),
    requestedBy: text('requested_by').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('privacy_erasures_employee').on(t.employeeId)],
);
export type ErasureRow = typeof erasures.$inferSelect;

/** The company's retention, months after the last day per data category (one row; absent: the defaults). */
export const retentionSettings = sqliteTable('privacy_retention', {
  id: integer('id').primaryKey(),
  months: text('months', { mode: 'json' }).$type<Record<string, number | null>>().notNull(),
  updatedAt: text('updated_at').notNull(),
});
