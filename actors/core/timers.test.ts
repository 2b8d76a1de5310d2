import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryMigrations } from '../../migrations/directory';
import { openLibsqlStore } from '../../src/storage/libsql-store';
import { migrate } from './migrate';
import type { Store } from './store';
import { nextWake, timerRetryMs, Timers } from './timers';
import { UndoLog } from './undo';

describe('the timer retry rule (one for the host and the Durable Object)', () => {
  const now = Date.parse('2026-03-02T10:00:00Z');
  test('nothing left: nothing to arm', () => expect(nextWake(undefined, now)).toBeUndefined());
  test('the next timer in the future: wake then', () => expect(nextWake('2026-03-02T11:00:00.000Z', now)).toBe(now + 3600_000));
  test('a timer still due after firing failed: wake after the retry delay, not at once', () => {
    expect(nextWake('2026-03-02T09:59:00.000Z', now)).toBe(now + timerRetryMs);
    expect(nextWake('2026-03-02T10:00:00.000Z', now)).toBe(now + timerRetryMs);
  });
});

describe('timers', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'roster-timers-'));
    store = await openLibsqlStore({ url: `file:${join(dir, 'a.db')}` });
    await migrate(store, directoryMigrations);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const spec = (key: string, at: string) => ({ key, at, type: 'x.fire', payload: { key } });

  test('scheduled timers persist; the earliest is next; due ones come earliest first', async () => {
    const timers = new Timers(store, new UndoLog());
    await timers.schedule(spec('b', '2026-03-02T12:00:00Z'), '2026-03-02T10:00:00Z');
    await timers.schedule(spec('a', '2026-03-02T11:00:00Z'), '2026-03-02T10:00:00Z');
    expect(timers.nextDue()).toBe('2026-03-02T11:00:00.000Z');
    expect(timers.due('2026-03-02T12:30:00.000Z').map((t) => t.key)).toEqual(['a', 'b']);
    const reloaded = new Timers(store, new UndoLog());
    await reloaded.load();
    expect(reloaded.nextDue()).toBe('2026-03-02T11:00:00.000Z');
  });

  test('taking a timer that is not due, or was cancelled, answers false', async () => {
    const timers = new Timers(store, new UndoLog());
    await timers.schedule(spec('a', '2026-03-02T11:00:00Z'), '2026-03-02T10:00:00Z');
    expect(await timers.take('a', '2026-03-02T10:30:00.000Z')).toBe(false);
    expect(await timers.take('a', '2026-03-02T11:00:00.000Z')).toBe(true);
    expect(await timers.take('a', '2026-03-02T11:00:00.000Z')).toBe(false);
  });

  test('a rollback puts memory back as it was, and says the due time changed', async () => {
    const undo = new UndoLog();
    const timers = new Timers(store, undo);
    await timers.schedule(spec('a', '2026-03-02T11:00:00Z'), '2026-03-02T10:00:00Z');
    undo.clear();
    expect(timers.takeChanged()).toBe(true);
    await timers.cancel('a');
    await timers.schedule(spec('b', '2026-03-02T09:00:00Z'), '2026-03-02T10:00:00Z');
    undo.rollback();
    expect(timers.nextDue()).toBe('2026-03-02T11:00:00.000Z');
    expect(timers.due('2026-03-02T10:00:00.000Z')).toEqual([]);
  });
});
