import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** In-app notifications: persisted per user, pushed live through the event stream. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** What it is about (`emp_…`, `tor_…`), for the client to link to. */
    subject: text('subject').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_user').on(t.userId, t.id)],
);

export type NotificationRow = typeof notifications.$inferSelect;
