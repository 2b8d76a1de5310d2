import { Database, type SQLQueryBindings } from 'bun:sqlite';
import { drizzle } from 'drizzle-orm/bun-sqlite';
import type { Db, SqlValue, Store } from '../../actors/core/store';
import { sqliteTransactions } from './sqlite-transactions';
import type { Durability } from './libsql-store';
import { preparePrivateFile } from './private-file';

/**
 * An actor's store on a local SQLite file through Bun's built-in driver, for the Bun
 * runtimes (embedded mode and distributed workers on a shared disk). The actor is the
 * file's only writer and owns its one connection, so transactions are plain BEGIN /
 * SAVEPOINT on it. Compiled statements are cached by SQL text: drizzle builds the same SQL
 * for the same query, so the hot paths never parse SQL twice.
 */
export function openBunSqliteStore(path: string, durability: Durability = 'normal'): Store {
  preparePrivateFile(path);
  const sqlite = new Database(path, { create: true, strict: false });
  sqlite.exec(
    `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}; PRAGMA busy_timeout = 5000;`,
  );
  // drizzle asks its client to `prepare`; answering from Bun's statement cache instead.
  const cached = new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return (sql: string) => target.query(sql);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const db = drizzle({ client: cached }) as unknown as Db;
  return {
    db,
    maxParams: 32_766,
    async exec(sql) {
      sqlite.exec(sql);
    },
    async run(sql, params) {
      sqlite.query(sql).run(...(params as SQLQueryBindings[]));
    },
    async all<T>(sql: string, params: readonly SqlValue[]) {
      return sqlite.query(sql).all(...(params as SQLQueryBindings[])) as T[];
    },
    ...sqliteTransactions((sql) => sqlite.exec(sql), () => sqlite.inTransaction),
    async close() {
      sqlite.close();
    },
  };
}
