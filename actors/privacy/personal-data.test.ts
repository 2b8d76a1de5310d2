import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { notAboutPeople, personalData } from './personal-data';

/** Every table of the tenant database, from the schema files drizzle-kit generates the migrations from. */
async function tenantTables(): Promise<SQLiteTable[]> {
  const root = join(import.meta.dir, '..', '..');
  const config = readFileSync(join(root, 'drizzle.config.ts'), 'utf8');
  const files = [...config.matchAll(/'(actors\/[^']+\.sql\.ts)'/g)].map((m) => m[1]!);
  expect(files.length).toBeGreaterThan(10);
  const tables = new Map<string, SQLiteTable>();
  for (const file of files) for (const value of Object.values(await import(join(root, file)))) if (is(value, SQLiteTable)) tables.set(getTableName(value), value);
  return [...tables.values()];
}

describe('the personal-data map', () => {
  test('names every table of the tenant database: in the map, or among those about nobody, with the reason', async () => {
    const mapped = new Set(personalData.map((e) => getTableName(e.table)));
    const missing = (await tenantTables()).map(getTableName).filter((name) => !mapped.has(name) && !(name in notAboutPeople));
    expect(missing).toEqual([]);
  });

  test('a table with a person’s id (employee_id, user_id) is in the map, never waved through as about nobody', async () => {
    const personal = (await tenantTables()).filter((t) => getTableConfig(t).columns.some((c) => c.name === 'employee_id' || c.name === 'user_id'));
    expect(personal.length).toBeGreaterThan(15);
    const mapped = new Set(personalData.map((e) => getTableName(e.table)));
    expect(personal.map(getTableName).filter((name) => !mapped.has(name) || name in notAboutPeople)).toEqual([]);
  });

  test('every entry that keeps its rows says why', () => {
    for (const e of personalData) if (e.erase.how === 'keep') expect(e.erase.why.length).toBeGreaterThan(10);
  });
});
