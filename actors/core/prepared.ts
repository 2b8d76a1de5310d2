import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './store';

/**
 * Inserts of a whole row through a statement drizzle builds once per database and table:
 * building the SQL of an insert costs more than running it, which an import of 10,000 hires
 * (four inserts each) pays 40,000 times otherwise. The row must give every column (a full
 * `$inferSelect` row, as the hot paths write), since each column is a placeholder.
 */
type Prepared = { run(values: Record<string, unknown>): unknown };
const byDb = new WeakMap<Db, Map<string, Prepared>>();

function preparedFor(db: Db, key: string, build: () => Prepared): Prepared {
  let statements = byDb.get(db);
  if (!statements) byDb.set(db, (statements = new Map()));
  let prepared = statements.get(key);
  if (!prepared) statements.set(key, (prepared = build()));
  return prepared;
}

// A bare placeholder (inside sql``), not drizzle's Param of one: drizzle would encode a null
// through the column (a JSON column would store the text 'null'); encoded here as drizzle's
// own inserts do, a null staying NULL.
const placeholders = (table: SQLiteTable) => Object.fromEntries(Object.keys(getTableColumns(table)).map((k) => [k, sql`${sql.placeholder(k)}`]));

const columnsOf = new WeakMap<SQLiteTable, [string, SQLiteColumn][]>();

function encode(table: SQLiteTable, row: Record<string, unknown>): Record<string, unknown> {
  let columns = columnsOf.get(table);
  if (!columns) columnsOf.set(table, (columns = Object.entries(getTableColumns(table))));
  const out: Record<string, unknown> = {};
  for (const [key, column] of columns) {
    const value = row[key];
    if (value === undefined) throw new Error(`insertRow: ${key} (${column.name}) is missing`);
    out[key] = value === null ? null : column.mapToDriverValue(value);
  }
  return out;
}

/** `INSERT INTO table VALUES (…)` of one full row. */
export async function insertRow<T extends SQLiteTable>(db: Db, table: T, row: T['$inferSelect']): Promise<void> {
  await preparedFor(db, `insert:${getTableName(table)}`, () => db.insert(table).values(placeholders(table) as never).prepare()).run(encode(table, row as Record<string, unknown>));
}

/** The same, or an update of the row with the same `key` columns (every other column set from the new row). */
export async function upsertRow<T extends SQLiteTable>(db: Db, table: T, key: readonly (keyof T['$inferSelect'] & string)[], row: T['$inferSelect']): Promise<void> {
  const build = () => {
    const columns = getTableColumns(table);
    const target = key.map((k) => columns[k]!);
    const set = Object.fromEntries(Object.entries(columns).filter(([k]) => !key.includes(k as never)).map(([k, c]) => [k, sql.raw(`excluded."${c.name}"`)]));
    return db.insert(table).values(placeholders(table) as never).onConflictDoUpdate({ target, set: set as never }).prepare();
  };
  await preparedFor(db, `upsert:${getTableName(table)}:${key.join(',')}`, build).run(encode(table, row as Record<string, unknown>));
}
