import { drizzle } from 'drizzle-orm/durable-sqlite';
import type { Db, SqlValue, Store } from '../../actors/core/store';

/** The part of a Durable Object's storage a store needs (the runtime's platform types extend it). */
export interface DurableSqlStorage {
  sql: { exec(query: string, ...bindings: (SqlValue | ArrayBuffer)[]): { toArray(): Record<string, SqlValue | ArrayBuffer>[] } };
  transaction<T>(closure: () => Promise<T>): Promise<T>;
}

/**
 * An actor's store on Durable Object SQLite. The platform forbids BEGIN and SAVEPOINT
 * statements; its `storage.transaction(async …)` runs a closure as one transaction that
 * rolls back if the closure throws, awaits included, and nests (as savepoints). A batch of
 * commands, its outbox rows, audit rows and idempotency records therefore commit together,
 * or not at all, exactly as on libSQL. Durability: the object's storage commits before any
 * reply leaves (output gates), replicated by the platform.
 */
export function durableStore(storage: DurableSqlStorage): Store {
  const db = drizzle(storage) as unknown as Db;
  return {
    // Durable Object SQLite binds at most 100 values per statement.
    maxParams: 100,
    db,
    async exec(sql) {
      storage.sql.exec(sql);
    },
    async run(sql, params) {
      storage.sql.exec(sql, ...(params as SqlValue[]));
    },
    async all<T>(sql: string, params: readonly SqlValue[]) {
      return storage.sql.exec(sql, ...(params as SqlValue[])).toArray() as T[];
    },
    transaction: (work) => storage.transaction(() => work()),
    savepoint: (work) => storage.transaction(() => work()),
    // The platform owns the database's lifetime.
    async close() {},
  };
}
