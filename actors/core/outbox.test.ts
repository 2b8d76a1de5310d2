import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryMigrations } from '../../migrations/directory';
import { openLibsqlStore } from '../../src/storage/libsql-store';
import type { PublishedEvent } from './event';
import { migrate } from './migrate';
import { Outbox } from './outbox';
import type { Store } from './store';
import { UndoLog } from './undo';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-outbox-'));
  store = await openLibsqlStore({ url: `file:${join(dir, 'a.db')}` });
  await migrate(store, directoryMigrations);
  await store.run('INSERT INTO actor_meta (id, epoch, published_seq) VALUES (1, 1, 0)', []);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
const event = (subject: string) => ({ type: 'thing.done', subject, data: { subject } });

describe('the outbox', () => {
  test('events are numbered, written with the batch, and reach the bus only after the commit', async () => {
    const sent: PublishedEvent[] = [];
    const undo = new UndoLog();
    const outbox = new Outbox(store, undo, async (events) => void sent.push(...events), { publishedSeq: 0, lastSeq: 0 });
    await store.transaction(async () => {
      outbox.emit(event('a'), '2026-03-02T10:00:00.000Z', 'req-1');
      outbox.emit(event('b'), '2026-03-02T10:00:00.000Z', 'req-1');
      await outbox.flush();
    });
    expect(sent).toEqual([]);
    outbox.committed();
    await Bun.sleep(0);
    expect(sent.map((e) => [e.seq, e.subject])).toEqual([[1, 'a'], [2, 'b']]);
    expect(await store.all('SELECT seq, subject FROM outbox ORDER BY seq', [])).toEqual([{ seq: 1, subject: 'a' }, { seq: 2, subject: 'b' }]);
  });

  test('a rolled-back command gives its sequence numbers back and publishes nothing', async () => {
    const sent: PublishedEvent[] = [];
    const undo = new UndoLog();
    const outbox = new Outbox(store, undo, async (events) => void sent.push(...events), { publishedSeq: 0, lastSeq: 4 });
    outbox.emit(event('lost'), 'now', 'req-1');
    undo.rollback();
    outbox.emit(event('kept'), 'now', 'req-2');
    outbox.committed();
    await Bun.sleep(0);
    expect(sent.map((e) => [e.seq, e.subject])).toEqual([[5, 'kept']]);
  });

  test('an undeclared event type is a bug, refused at once', () => {
    const outbox = new Outbox(store, new UndoLog(), async () => undefined, { publishedSeq: 0, lastSeq: 0 }, new Set(['thing.known']));
    expect(() => outbox.emit(event('a'), 'now', 'r')).toThrow('Undeclared event type thing.done');
  });

  test('events the bus never confirmed are published again on the next activation', async () => {
    await store.run("INSERT INTO outbox (seq, type, subject, data, request_id, at) VALUES (1, 'thing.done', 'a', '{}', 'r', 'now')", []);
    const sent: PublishedEvent[] = [];
    const outbox = new Outbox(store, new UndoLog(), async (events) => void sent.push(...events), { publishedSeq: 0, lastSeq: 1 });
    await outbox.republishPending();
    await Bun.sleep(0);
    expect(sent.map((e) => e.seq)).toEqual([1]);
    expect(outbox.lag).toBe(0);
  });
});
