import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../actors/core/store';
import { openBunSqliteStore } from '../src/storage/bun-sqlite-store';
import { openLibsqlStore } from '../src/storage/libsql-store';

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
