import type { Store } from '../../actors/core/store';

/**
 * Transactions and savepoints over one synchronous SQLite connection (bun:sqlite, node:sqlite):
 * `BEGIN IMMEDIATE` takes the write lock at once, so a batch never fails half-way for a lock;
 * a savepoint per nesting level lets one command roll back without its neighbours.
 */
export interface TransactionHooks {
  /** Something the next transaction waits for first (a checkpoint of the database). */
  beforeBegin?: () => Promise<void> | undefined;
  afterCommit?: () => void;
}

export function sqliteTransactions(exec: (sql: string) => void, inTransaction: () => boolean, hooks: TransactionHooks = {}): Pick<Store, 'transaction' | 'savepoint'> {
  let depth = 0;
  return {
    async transaction(work) {
      const wait = hooks.beforeBegin?.();
      if (wait) await wait;
      exec('BEGIN IMMEDIATE');
      try {
        const result = await work();
        exec('COMMIT');
        hooks.afterCommit?.();
        return result;
      } catch (e) {
        if (inTransaction()) exec('ROLLBACK');
        throw e;
      }
    },
    async savepoint(work) {
      const name = `sp${++depth}`;
      exec(`SAVEPOINT ${name}`);
      try {
        const result = await work();
        exec(`RELEASE ${name}`);
        return result;
      } catch (e) {
        exec(`ROLLBACK TO ${name}`);
        exec(`RELEASE ${name}`);
        throw e;
      } finally {
        depth--;
      }
    },
  };
}
