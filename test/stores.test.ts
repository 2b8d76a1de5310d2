import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertRows } from '../actors/core/rows';
import type { Store } from '../actors/core/store';
import { openBunSqliteStore } from '../src/storage/bun-sqlite-store';
import { openLibsqlStore } from '../src/storage/libsql-store';
import { openConnections } from '../src/storage/open-connections';
import { sql } from 'drizzle-orm';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Each storage adapter's transaction and savepoint: what the actor's batches rely on for "a
 * failed command changes nothing, its neighbours commit". The actor tests run on libSQL; the
 * embedded default is bun:sqlite, so both are tried here on real files.
 */
const dir = mkdtempSync(join(tmpdir(), 'roster-stores-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stores: [string, (file: string) => Promise<Store>][] = [
  ['bun:sqlite', async (file) => openBunSqliteStore(file)],
  ['libSQL', (file) => openLibsqlStore({ url: `file:${file}` })],
];

describe.each(stores)('store %s', (_name, open) => {
  test('a failed savepoint leaves nothing behind while the rest of its transaction commits', async () => {
    const store = await open(join(dir, `${_name.replace(/\W/g, '')}-sp.db`));
    await store.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    await store.transaction(async () => {
      await store.savepoint(() => store.run('INSERT INTO t VALUES (?)', ['before']));
      await store
        .savepoint(async () => {
          await store.run('INSERT INTO t VALUES (?)', ['failed']);
          throw new Error('the command failed after writing');
        })
        .catch(() => undefined);
      await store.savepoint(() => store.run('INSERT INTO t VALUES (?)', ['after']));
    });
    expect(await store.all('SELECT k FROM t ORDER BY k', [])).toEqual([{ k: 'after' }, { k: 'before' }]);
    await store.close();
  });

  test('a failed transaction commits nothing', async () => {
    const store = await open(join(dir, `${_name.replace(/\W/g, '')}-tx.db`));
    await store.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
    await expect(
      store.transaction(async () => {
        await store.run('INSERT INTO t VALUES (?)', ['lost']);
        throw new Error('the batch failed');
      }),
    ).rejects.toThrow('the batch failed');
    expect(await store.all('SELECT k FROM t', [])).toEqual([]);
    await store.close();
  });
});

/** This process's open file descriptors on `path` and its -wal and -shm files (Linux). */
const descriptorsOn = (path: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
    } catch {
      return false; // closed since it was listed (the listing's own descriptor)
    }
  }).length;

describe('bun:sqlite connections over the open limit', () => {
  test('a parked or closed connection lets go of its files, statements the store kept included', async () => {
    const limit = openConnections.limit;
    openConnections.limit = 1;
    try {
      const path = join(dir, 'release-a.db');
      const a = openBunSqliteStore(path);
      await a.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
      await insertRows(a, 't', ['k'], [['a1'], ['a2'], ['a3']]);
      expect(await a.all('SELECT k FROM t ORDER BY k', [])).toEqual([{ k: 'a1' }, { k: 'a2' }, { k: 'a3' }]);
      expect(descriptorsOn(path)).toBeGreaterThan(0);
      // b opens: a, idle, is parked, and its database, WAL and shared-memory files are closed.
      const b = openBunSqliteStore(join(dir, 'release-b.db'));
      expect(descriptorsOn(path)).toBe(0);
      await a.run('INSERT INTO t VALUES (?)', ['a4']);
      await a.close();
      expect(descriptorsOn(path)).toBe(0);
      await b.close();
    } finally {
      openConnections.limit = limit;
    }
  });


  test('the least recently used is closed between transactions and reopened on its next statement, never inside one', async () => {
    const limit = openConnections.limit;
    openConnections.limit = 1;
    try {
      const a = openBunSqliteStore(join(dir, 'park-a.db'));
      await a.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
      await a.run('INSERT INTO t VALUES (?)', ['a1']);
      // b opens: a, idle, is closed (its three file descriptors released).
      const b = openBunSqliteStore(join(dir, 'park-b.db'));
      expect(openConnections.size).toBe(1);
      // a's next statement reopens it, with its data and through drizzle too.
      expect(await a.all('SELECT k FROM t', [])).toEqual([{ k: 'a1' }]);
      expect(await a.db.all(sql`SELECT count(*) AS n FROM t`)).toEqual([{ n: 1 }]);
      // Inside a's transaction, b's use does not close a: the transaction commits whole.
      await a.transaction(async () => {
        await a.run('INSERT INTO t VALUES (?)', ['a2']);
        await b.exec('CREATE TABLE IF NOT EXISTS u (k TEXT)');
        await a.run('INSERT INTO t VALUES (?)', ['a3']);
      });
      // Back under the limit at a's next statement (its COMMIT): b, idle by then, was closed.
      expect(openConnections.size).toBe(1);
      expect(await a.all('SELECT k FROM t ORDER BY k', [])).toEqual([{ k: 'a1' }, { k: 'a2' }, { k: 'a3' }]);
      // A statement prepared once and kept (actors/core/prepared.ts keeps them per database)
      // runs on the connection open now, not on the one that was closed.
      const kept = a.db.insert(sqliteTable('t', { k: text('k').primaryKey() })).values({ k: sql.placeholder('k') as never }).prepare();
      kept.run({ k: 'a4' });
      await b.exec('SELECT 1'); // a is closed again
      kept.run({ k: 'a5' });
      expect(await a.all('SELECT k FROM t WHERE k > ? ORDER BY k', ['a3'])).toEqual([{ k: 'a4' }, { k: 'a5' }]);
      await a.close();
      await b.close();
      expect(openConnections.size).toBe(0);
      await expect(a.run('SELECT 1', [])).rejects.toThrow('closed');
    } finally {
      openConnections.limit = limit;
    }
  });
});
