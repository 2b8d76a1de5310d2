import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** `held`: waits for the user's daily digest; `digested`: went out in one. */
export const mailStatuses = ['pending', 'sent', 'dead', 'held', 'digested'] as const;
export const mailChannels = ['in_app', 'email', 'digest'] as const;
export type MailChannel = (typeof mailChannels)[number];
export const mailLanguages = ['en', 'de'] as const;
export type MailLanguage = (typeof mailLanguages)[number];

/**
 * The mail outbox: written in the command's transaction, sent outside it by the runtime's
 * dispatcher, retried with back-off. `dedupeKey` (the notification, the digest day, the
 * reset token) makes a second queueing of the same mail a no-op.
 */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: text('id').primaryKey(),
    dedupeKey: text('dedupe_key').notNull(),
    userId: text('user_id'),
    toAddress: text('to_address').notNull(),
    type: text('type').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: text('status', { enum: mailStatuses }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: text('next_attempt_at').notNull(),
    claimedUntil: text('claimed_until'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    sentAt: text('sent_at'),
  },
  (t) => [uniqueIndex('mail_outbox_dedupe').on(t.dedupeKey), index('mail_outbox_due').on(t.status, t.nextAttemptAt)],
);

/** Per user: the language of their mail and, per notification type, where it goes. */
export const mailPreferences = sqliteTable('mail_preferences', {
  userId: text('user_id').primaryKey(),
  language: text('language', { enum: mailLanguages }).notNull(),
  channels: text('channels', { mode: 'json' }).$type<Record<string, MailChannel>>().notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** The company's switch: one row; absent means email on (when the deployment can send). */
export const mailSettings = sqliteTable('mail_settings', {
  id: integer('id').primaryKey(),
  emailEnabled: integer('email_enabled', { mode: 'boolean' }).notNull(),
  updatedAt: text('updated_at').notNull(),
});

export type MailRow = typeof mailOutbox.$inferSelect;
