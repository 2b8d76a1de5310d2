import type { SqlValue, Store } from './store';

const statements = new Map<string, string>();

/** `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)…`, built once per table and row count. */
function multiRowInsert(table: string, columns: readonly string[], rows: number, verb: string): string {
  const key = `${verb}:${table}:${rows}`;
  let sql = statements.get(key);
  if (!sql) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    sql = `${verb} INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
    statements.set(key, sql);
  }
  return sql;
}

/**
 * Inserts a batch's rows of one table in as few statements as the store lets one statement
 * bind: the outbox, audit and idempotency rows of a whole batch cost a statement or two.
 */
export async function insertRows(store: Store, table: string, columns: readonly string[], values: SqlValue[][], verb = 'INSERT'): Promise<void> {
  const perStatement = Math.max(1, Math.floor(store.maxParams / columns.length));
  for (let i = 0; i < values.length; i += perStatement) {
    const chunk = values.slice(i, i + perStatement);
    await store.run(multiRowInsert(table, columns, chunk.length, verb), chunk.flat());
  }
}

export const jsonOrNull = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
