import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Stream tickets, by hash (the ticket itself is never stored). Kept in the database, not the
 * actor's memory, so a browser's EventSource that reconnects by itself after a restart or a
 * deploy presents the same ticket and is let in again until it expires.
 */
export const streamTickets = sqliteTable(
  'stream_tickets',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** `user` or `apiKey`, and the id of that user or key: the principal the ticket stands for. */
    principalKind: text('principal_kind', { enum: ['user', 'apiKey'] }).notNull(),
    principalId: text('principal_id').notNull(),
    role: text('role').notNull(),
    /** Milliseconds since the epoch. */
    expiresAt: integer('expires_at').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('stream_tickets_principal').on(t.principalId)],
);
