import { eq, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './store';

/**
 * Statements drizzle builds once per database, with placeholders for the values: building
 * the SQL of a query costs more than running it (a PATCH of an employee spent a quarter of
 * its CPU in drizzle's query building for three statements; an import of 10,000 hires pays
 * for four inserts each). The hot paths use these; the rest use drizzle's builder directly.
 */
const byDb = new WeakMap<Db, Map<string, unknown>>();

/** The statement `build` makes, made once per database under `key` (which must name the query's shape). */
export function prepared<P>(db: Db, key: string, build: () => P): P {
  let statements = byDb.get(db);
  if (!statements) byDb.set(db, (statements = new Map()));
  let statement = statements.get(key) as P | undefined;
  if (!statement) statements.set(key, (statement = build()));
  return statement;
}

/**
 * A LIMIT written into the SQL, for `.limit()`: drizzle binds a number as a parameter, and
 * SQLite prepares a statement again on every run when a value bound to it may change its plan,
 * as a LIMIT may (the lookup every PATCH makes took 11 µs a run bound, 1.4 µs written in; a
 * page of notifications 32 µs). Only a whole number is written: anything else throws.
 */
export function inlineLimit(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`inlineLimit: ${n} is not a row count`);
  return sql.raw(String(n)) as unknown as number;
}

export const limitOne = inlineLimit(1);

type Prepared = { run(values: Record<string, unknown>): unknown };

// A bare placeholder (inside sql``), not drizzle's Param of one: drizzle would encode a null
// through the column (a JSON column would store the text 'null'); encoded here as drizzle's
// own inserts do, a null staying NULL.
const placeholder = (name: string) => sql`${sql.placeholder(name)}`;
const placeholders = (table: SQLiteTable) => Object.fromEntries(Object.keys(getTableColumns(table)).map((k) => [k, placeholder(k)]));

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

/** The values of some columns, encoded as drizzle encodes them (a JSON column's value as its text). */
function encodeSome(table: SQLiteTable, values: Record<string, unknown>): Record<string, unknown> {
  const columns = getTableColumns(table);
  const out: Record<string, unknown> = {};
  for (const key in values) {
    const value = values[key];
    out[key] = value === null ? null : columns[key]!.mapToDriverValue(value);
  }
  return out;
}

/** `INSERT INTO table VALUES (…)` of one full row. */
export async function insertRow<T extends SQLiteTable>(db: Db, table: T, row: T['$inferSelect']): Promise<void> {
  await prepared(db, `insert:${getTableName(table)}`, (): Prepared => db.insert(table).values(placeholders(table) as never).prepare()).run(encode(table, row as Record<string, unknown>));
}

/** The same, or an update of the row with the same `key` columns (every other column set from the new row). */
export async function upsertRow<T extends SQLiteTable>(db: Db, table: T, key: readonly (keyof T['$inferSelect'] & string)[], row: T['$inferSelect']): Promise<void> {
  const build = (): Prepared => {
    const columns = getTableColumns(table);
    const target = key.map((k) => columns[k]!);
    const set = Object.fromEntries(Object.entries(columns).filter(([k]) => !key.includes(k as never)).map(([k, c]) => [k, sql.raw(`excluded."${c.name}"`)]));
    return db.insert(table).values(placeholders(table) as never).onConflictDoUpdate({ target, set: set as never }).prepare();
  };
  await prepared(db, `upsert:${getTableName(table)}:${key.join(',')}`, build).run(encode(table, row as Record<string, unknown>));
}

/**
 * `UPDATE table SET … WHERE key = ?` of the columns in `changes` (the same columns, the same
 * statement: one per set of columns a caller changes, a handful per table in practice).
 */
export async function updateRow<T extends SQLiteTable>(db: Db, table: T, key: keyof T['$inferSelect'] & string, id: unknown, changes: Partial<T['$inferSelect']>): Promise<void> {
  // As drizzle's `set`: a column given as undefined is left as it is, not set to NULL.
  const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  const names = Object.keys(given);
  const build = (): Prepared => {
    const column = getTableColumns(table)[key]!;
    return db.update(table).set(Object.fromEntries(names.map((k) => [k, placeholder(k)])) as never).where(eq(column, sql.placeholder('$key'))).prepare();
  };
  await prepared(db, `update:${getTableName(table)}:${key}:${names.join(',')}`, build).run({ ...encodeSome(table, given), $key: id });
}
