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
 * Inserts a batch's rows of one table in a few multi-row statements: the outbox, audit and
 * idempotency rows of a whole batch cost a statement or a few.
 */
export async function insertRows(store: Store, table: string, columns: readonly string[], values: SqlValue[][], verb = 'INSERT'): Promise<void> {
  const perStatement = Math.max(1, Math.min(maxRows, Math.floor(store.maxParams / columns.length)));
  for (let i = 0; i < values.length; ) {
    const rows = chunkSize(Math.min(values.length - i, perStatement));
    await store.run(multiRowInsert(table, columns, rows, verb), values.slice(i, i + rows).flat());
    i += rows;
  }
}

/** Rows in one statement at most: an import's 10,000 audit rows go 256 at a time, not as one statement of 70,000 values kept compiled. */
const maxRows = 256;

/**
 * The largest power of two up to `n`: statements of a few row counts (37 rows go as 32, 4 and
 * 1), so a store compiles each once, where one for every batch size kept compiling new ones.
 */
const chunkSize = (n: number) => 2 ** Math.floor(Math.log2(n));

export const jsonOrNull = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
