import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Password-reset tokens, stored as their SHA-256 only: the mail holds the token, the database cannot replay it. */
export const passwordResets = sqliteTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull(),
    expiresAt: text('expires_at').notNull(),
    usedAt: text('used_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('password_resets_user').on(t.userId, t.createdAt)],
);
