import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { SQLiteBunSession } from 'drizzle-orm/bun-sqlite/session';
import { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core/db';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core/dialect';
import type { Db, SqlValue, Store } from '../../actors/core/store';
import { sqliteTransactions } from './sqlite-transactions';
import type { Durability } from './libsql-store';
import { preparePrivateFile } from './private-file';

/**
 * An actor's store on a local SQLite file through `node:sqlite`, the driver built into Deno
 * (no native add-on, so no --allow-ffi). Like the Bun store: the actor is the file's only
 * writer and owns its one connection, transactions are plain BEGIN / SAVEPOINT on it, and
 * compiled statements are cached by SQL text. drizzle talks to it through its bun-sqlite
 * session (its driver module imports bun:sqlite, the session does not) over a small shim
 * with Bun's statement shape: `values` gives rows as arrays, the rest as objects, so each
 * SQL text has a node:sqlite statement of each shape.
 */
export function openNodeSqliteStore(path: string, durability: Durability = 'normal'): Store {
  preparePrivateFile(path);
  const sqlite = new DatabaseSync(path);
  sqlite.exec(
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000;`,
  );
  const objects = new Map<string, StatementSync>();
  const arrays = new Map<string, StatementSync>();
  const statement = (sql: string, asArrays: boolean) => {
    const cache = asArrays ? arrays : objects;
    let s = cache.get(sql);
    if (!s) {
      s = sqlite.prepare(sql);
      s.setReturnArrays(asArrays);
      cache.set(sql, s);
    }
    return s;
  };
  const args = (params: readonly unknown[]) => params as SQLInputValue[];
  const bunLike = {
    exec: (sql: string) => sqlite.exec(sql),
    prepare: (sql: string) => ({
      run: (...p: unknown[]) => statement(sql, false).run(...args(p)),
      all: (...p: unknown[]) => statement(sql, false).all(...args(p)),
      get: (...p: unknown[]) => statement(sql, false).get(...args(p)) ?? null,
      values: (...p: unknown[]) => statement(sql, true).all(...args(p)),
    }),
  };
  const dialect = new SQLiteSyncDialect();
  const session = new SQLiteBunSession(bunLike as never, dialect, undefined, {});
  const db = new BaseSQLiteDatabase('sync', dialect, session as never, undefined) as unknown as Db;
  return {
    db,
    maxParams: 32_766,
    async exec(sql) {
      sqlite.exec(sql);
    },
    async run(sql, params) {
      statement(sql, false).run(...args(params as SqlValue[]));
    },
    async all<T>(sql: string, params: readonly SqlValue[]) {
      return statement(sql, false).all(...args(params)) as T[];
    },
    ...sqliteTransactions((sql) => sqlite.exec(sql), () => sqlite.isTransaction),
    async close() {
      sqlite.close();
    },
  };
}
