import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';

/**
 * A drizzle database over any SQLite driver: libSQL (embedded and distributed modes) or
 * Durable Object SQLite (Cloudflare). Handlers only ever `await` its queries, which works
 * for the async and the sync drivers alike.
 */
export type Db = BaseSQLiteDatabase<'async' | 'sync', any, Record<string, unknown>>;

/**
 * What an actor needs from its storage. Each runtime implements it in src/: the actor
 * core never opens a file or a connection itself.
 */
export interface Store {
  readonly db: Db;
  /** The most values one statement may bind (Durable Object SQLite allows 100). */
  readonly maxParams: number;
  /** Runs raw SQL, several statements allowed; for migrations. */
  exec(sql: string): Promise<void>;
  /**
   * One parameterised statement, without drizzle's query building: for the few statements
   * the actor core runs on every command (fence check, outbox, audit), where that cost shows.
   */
  run(sql: string, params: readonly SqlValue[]): Promise<void>;
  all<T>(sql: string, params: readonly SqlValue[]): Promise<T[]>;
  /** One transaction: commits if `work` resolves, rolls back if it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** A nested unit inside `transaction`, rolled back alone if `work` throws. */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlValue = string | number | null;

export interface Migration {
  tag: string;
  sql: string;
}
