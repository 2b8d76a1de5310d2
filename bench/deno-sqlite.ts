/**
 * The SQLite driver on Deno, measured: a point select and an insert (WAL, synchronous=NORMAL,
 * one connection, as an actor holds it) through each store adapter Roster could use there.
 *   node_modules/.bin/deno run --allow-read --allow-write --allow-env --allow-ffi --allow-sys bench/deno-sqlite.ts
 * (--allow-ffi, --allow-sys and --allow-env only for libSQL's native add-on; the node:sqlite row needs neither.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../actors/core/store';
import { openNodeSqliteStore } from '../src/storage/node-sqlite-store';

const n = 20_000;

async function measure(name: string, store: Store) {
  await store.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, salary INTEGER)');
  let t = performance.now();
  for (let i = 0; i < n; i++) await store.run('INSERT INTO t (id, name, salary) VALUES (?, ?, ?)', [i, `person ${i}`, i * 7]);
  const insert = ((performance.now() - t) * 1000) / n;
  t = performance.now();
  for (let i = 0; i < n; i++) await store.all('SELECT id, name, salary FROM t WHERE id = ?', [(i * 7919) % n]);
  const select = ((performance.now() - t) * 1000) / n;
  console.log(`${name.padEnd(16)} point select ${select.toFixed(1).padStart(6)} µs   insert ${insert.toFixed(1).padStart(6)} µs`);
  await store.close();
}

const dir = mkdtempSync(join(tmpdir(), 'roster-deno-sqlite-'));
await measure('node:sqlite', openNodeSqliteStore(join(dir, 'a.db'), 'normal'));
const { openLibsqlStore } = await import('../src/storage/libsql-store');
await measure('@libsql/client', await openLibsqlStore({ url: `file:${join(dir, 'b.db')}`, durability: 'normal' }));
rmSync(dir, { recursive: true, force: true });
