import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryMigrations } from '../../migrations/directory';
import { tenantMigrations } from '../../migrations/tenant';
import { openLibsqlStore } from '../../src/storage/libsql-store';
import { manualClock } from './clock';
import { AppError } from './errors';
import { Idempotency, idempotencyTtlMs, type IdempotencyPolicy } from './idempotency';
import { migrate } from './migrate';
import type { Store } from './store';
import { UndoLog } from './undo';

/** The capability on a real SQLite store with the core tables, as an actor has it. */
let dir: string;
let store: Store;
const clock = manualClock('2026-03-02T10:00:00Z');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-idem-'));
  store = await openLibsqlStore({ url: `file:${join(dir, 'a.db')}` });
  await migrate(store, directoryMigrations);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a command under a key the way the actor does: recall, run, remember, flush, commit. */
async function attempt(idem: Idempotency, undo: UndoLog, policy: IdempotencyPolicy, input: unknown, run: () => unknown) {
  return store.transaction(async () => {
    const recall = await idem.recall('things.create', policy, 'usr_1', 'key-1', input);
    if (recall && 'replay' in recall) return { replayed: true, value: recall.replay };
    const value = run();
    if (recall) idem.remember(recall.claim, value, clock.now().toISOString());
    await idem.flush();
    undo.clear();
    idem.committed();
    return { replayed: false, value };
  });
}

const rows = () => store.all<{ key: string; reply: string }>('SELECT key, reply FROM idempotency', []);

describe('idempotency', () => {
  test('replay: the same key and body get the first reply; another body is a 422', async () => {
    const undo = new UndoLog();
    const idem = new Idempotency(store, undo, clock);
    let runs = 0;
    const first = await attempt(idem, undo, 'replay', { n: 1 }, () => ({ id: `thing_${++runs}` }));
    const again = await attempt(idem, undo, 'replay', { n: 1 }, () => ({ id: `thing_${++runs}` }));
    expect(first).toEqual({ replayed: false, value: { id: 'thing_1' } });
    expect(again).toEqual({ replayed: true, value: { id: 'thing_1' } });
    const other = attempt(idem, undo, 'replay', { n: 2 }, () => ({ id: 'x' }));
    await expect(other).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });

  test('none: the key is ignored, nothing is stored, the command runs every time', async () => {
    const undo = new UndoLog();
    const idem = new Idempotency(store, undo, clock);
    let runs = 0;
    await attempt(idem, undo, 'none', { token: 't' }, () => ({ accessToken: `a${++runs}` }));
    const again = await attempt(idem, undo, 'none', { token: 't' }, () => ({ accessToken: `a${++runs}` }));
    expect(again).toEqual({ replayed: false, value: { accessToken: 'a2' } });
    expect(await rows()).toEqual([]);
  });

  test('redact: the stored row holds no secret, and a retry is a 409 naming the record', async () => {
    const undo = new UndoLog();
    const idem = new Idempotency(store, undo, clock);
    const policy: IdempotencyPolicy = { redact: ['key'], fingerprintWithout: ['prefix'] };
    await attempt(idem, undo, policy, { name: 'n', prefix: 'aaa' }, () => ({ id: 'key_1', key: 'rst_aaa_SECRET' }));
    const [row] = await rows();
    expect(row!.reply).not.toContain('SECRET');
    expect(JSON.parse(row!.reply)).toEqual({ id: 'key_1' });
    // A retry draws a new prefix at the edge: still the same request.
    const retry = attempt(idem, undo, policy, { name: 'n', prefix: 'bbb' }, () => ({ id: 'key_2', key: 'rst_bbb_OTHER' }));
    const error = await retry.catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 409, code: 'idempotency_secret_shown_once' });
    expect(error.message).toContain('key_1');
    expect(error.message).not.toContain('SECRET');
  });

  test('a reply staged by a command that rolls back is forgotten', async () => {
    const undo = new UndoLog();
    const idem = new Idempotency(store, undo, clock);
    const recall = await idem.recall('things.create', 'replay', 'usr_1', 'key-1', {});
    idem.remember((recall as { claim: never }).claim, { id: 'gone' }, clock.now().toISOString());
    undo.rollback();
    expect(await idem.recall('things.create', 'replay', 'usr_1', 'key-1', {})).toHaveProperty('claim');
  });

  test('a key is remembered for a day, then forgotten', async () => {
    const undo = new UndoLog();
    const idem = new Idempotency(store, undo, clock);
    await attempt(idem, undo, 'replay', {}, () => ({ id: 'one' }));
    clock.advance(idempotencyTtlMs + 1000);
    expect(await attempt(idem, undo, 'replay', {}, () => ({ id: 'two' }))).toEqual({ replayed: false, value: { id: 'two' } });
  });
});

describe('the data migration for rows stored before the policy', () => {
  test('credentials are deleted, secrets stripped, other replies kept', async () => {
    const tenant = await openLibsqlStore({ url: `file:${join(dir, 'tenant.db')}` });
    try {
      await migrate(tenant, tenantMigrations.slice(0, 1));
      const put = (key: string, reply: unknown) =>
        tenant.run('INSERT INTO idempotency (key, fingerprint, reply, at) VALUES (?, ?, ?, ?)', [key, 'f', JSON.stringify(reply), '2026-03-02T10:00:00Z']);
      await put('system:auth.refresh:k1', { user: { id: 'usr_1' }, refreshToken: 'ten_a.SECRET1' });
      await put('system:auth.login:k2', { user: { id: 'usr_1' }, refreshToken: 'ten_a.SECRET2' });
      await put('usr_1:apiKeys.create:k3', { id: 'key_1', key: 'rst_x_SECRET3' });
      await put('usr_1:users.invite:k4', { user: { id: 'usr_2' }, inviteToken: 'ten_a.SECRET4', inviteUrl: 'https://x/invite#token=SECRET4', expiresAt: 'e' });
      await put('usr_1:webhooks.createEndpoint:k5', { id: 'whe_1', secret: 'whsec_SECRET5' });
      await put('usr_1:employees.create:k6', { id: 'emp_1' });
      await migrate(tenant, tenantMigrations);
      const left = await tenant.all<{ key: string; reply: string }>('SELECT key, reply FROM idempotency ORDER BY key', []);
      expect(left.map((r) => r.key)).toEqual(['usr_1:apiKeys.create:k3', 'usr_1:employees.create:k6', 'usr_1:users.invite:k4', 'usr_1:webhooks.createEndpoint:k5']);
      expect(left.map((r) => r.reply).join()).not.toContain('SECRET');
      expect(JSON.parse(left[1]!.reply)).toEqual({ id: 'emp_1' });
    } finally {
      await tenant.close();
    }
  });
});
