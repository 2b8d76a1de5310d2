import { afterAll, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backgroundCheckpoints } from './background-checkpoints';
import { openBunSqliteStore } from './bun-sqlite-store';
import { Metrics } from '../metrics/metrics';

const dir = mkdtempSync(join(tmpdir(), 'roster-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('commits reach the database file through the background thread, well before SQLite’s own threshold, and the WAL is reused', async () => {
  const path = join(dir, 'tenant.db');
  const store = openBunSqliteStore(path);
  await store.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)');
  // The thread is started (its first checkpoint is done) before the commits begin.
  await backgroundCheckpoints.checkpoint(path);
  const before = backgroundCheckpoints.done;
  // Far fewer WAL frames than the writer's bound (each commit dirties a page or two).
  const commits = backgroundCheckpoints.every * 8;
  for (let i = 0; i < commits; i++) {
    await store.transaction(() => store.run('INSERT INTO t (v) VALUES (?)', ['x'.repeat(200)]));
    // A server's event loop turns between batches: the thread's replies come in.
    await Bun.sleep(1);
  }
  await backgroundCheckpoints.checkpoint(path);
  expect(backgroundCheckpoints.done).toBeGreaterThan(before + 1);
  // And /metrics says so.
  const counted = await new Metrics({ checkpoints: backgroundCheckpoints }).registry.getSingleMetric('roster_sqlite_checkpoints_total')!.get();
  expect(counted.values.find((v) => v.labels.result === 'done')?.value).toBe(backgroundCheckpoints.done);
  // Only the background thread checkpointed (the writer's threshold was never reached), and
  // the rows it copied are in the database file itself: a reader of the file alone sees them.
  expect(statSync(path).size).toBeGreaterThan(commits * 200);
  const walPages = statSync(`${path}-wal`).size / 4096;
  // The WAL started over after each complete checkpoint instead of growing with every commit.
  expect(walPages).toBeLessThan(commits / 2);
  await store.close();
  const file = new Database(path, { readonly: true });
  // Waiting on a lock as every connection of Roster does: the background thread may still be
  // letting go of its own connection to the file (under load, an instant reader was refused).
  file.exec('PRAGMA busy_timeout = 5000');
  expect(file.query('SELECT count(*) AS n FROM t').get()).toEqual({ n: commits });
  file.close();
});

test('a database deleted before its checkpoint runs is not created again', async () => {
  const path = join(dir, 'gone.db');
  const store = openBunSqliteStore(path);
  await store.exec('CREATE TABLE t (k INTEGER PRIMARY KEY)');
  await store.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  await backgroundCheckpoints.checkpoint(path);
  expect(() => statSync(path)).toThrow();
});
