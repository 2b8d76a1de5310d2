import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openLibsqlStore } from '../../src/storage/libsql-store';
import { directoryMigrations } from '../../migrations/directory';
import { manualClock } from './clock';
import { AppError, FencedError, Rejected } from './errors';
import type { PublishedEvent } from './event';
import { ActorHost } from './host';
import { ulidIds } from './ids';
import type { ActorKind, Address } from './kind';
import { messagesFor, type Envelope } from './message';
import type { Store } from './store';

/**
 * A small actor kind for testing the core: notes kept in memory and in a table. The core
 * tables come from a real migration set; the notes table is this test's own migration.
 */
interface NotesState {
  notes: Map<string, string>;
  log: string[];
  running: number;
  maxRunning: number;
}
const m = messagesFor<NotesState, unknown>();
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

const add = m.command({
  type: 'notes.add',
  access: 'system',
  input: z.strictObject({ key: z.string(), text: z.string(), fail: z.boolean().optional(), slow: z.number().optional() }),
  handler: async (input, ctx) => {
    ctx.state.running++;
    ctx.state.maxRunning = Math.max(ctx.state.maxRunning, ctx.state.running);
    try {
      if (input.slow) await delay(input.slow);
      await ctx.db.run(sql`INSERT INTO notes (key, text) VALUES (${input.key}, ${input.text})`);
      ctx.set(ctx.state.notes, input.key, input.text);
      ctx.state.log.push(input.key);
      ctx.onUndo(() => ctx.state.log.pop());
      ctx.emit({ type: 'note.added', subject: input.key, data: { text: input.text } });
      ctx.audit({ entity: 'note', id: input.key, after: input.text });
      if (input.fail) throw new AppError(422, 'refused', 'Refused after writing.');
      return { key: input.key };
    } finally {
      ctx.state.running--;
    }
  },
});

const revokeAndRefuse = m.command({
  type: 'notes.revokeAndRefuse',
  access: 'system',
  input: z.strictObject({ key: z.string() }),
  handler: async ({ key }, ctx) => {
    await ctx.db.run(sql`INSERT INTO notes (key, text) VALUES (${key}, 'revoked')`);
    return new Rejected(new AppError(401, 'revoked', 'Revoked, and the revocation is kept.'));
  },
});

const remind = m.command({
  type: 'notes.remind',
  access: 'system',
  input: z.strictObject({ key: z.string(), at: z.string(), text: z.string(), fail: z.boolean().optional() }),
  handler: async ({ key, at, text, fail }, ctx) => {
    await ctx.schedule({ key: `remind:${key}`, at, type: 'notes.add', payload: { key, text, ...(fail ? { fail } : {}) } });
    return { scheduled: key };
  },
});

/** A job of steps: each writes a note and schedules the next as due at once, as an erasure does. */
const countdown = m.command({
  type: 'notes.countdown',
  access: 'system',
  input: z.strictObject({ n: z.number().int() }),
  handler: async ({ n }, ctx) => {
    await ctx.db.run(sql`INSERT INTO notes (key, text) VALUES (${`step:${n}`}, ${'done'})`);
    ctx.set(ctx.state.notes, `step:${n}`, 'done');
    if (n > 1) await ctx.schedule({ key: 'countdown', at: ctx.now, type: 'notes.countdown', payload: { n: n - 1 } });
    return { n };
  },
});

const get = m.query({
  type: 'notes.get',
  access: 'system',
  input: z.strictObject({ key: z.string() }),
  handler: ({ key }, { state }) => state.notes.get(key) ?? null,
});

const notesKind: ActorKind<NotesState> = {
  name: 'notes',
  migrations: [...directoryMigrations, { tag: 'notes_0000', sql: 'CREATE TABLE notes (key TEXT PRIMARY KEY, text TEXT NOT NULL)' }],
  messages: [add, revokeAndRefuse, remind, countdown, get],
  async load(db) {
    const rows = await db.all<{ key: string; text: string }>(sql`SELECT key, text FROM notes`);
    return { notes: new Map(rows.map((r) => [r.key, r.text])), log: [], running: 0, maxRunning: 0 };
  },
};

let dir: string;
let published: PublishedEvent[];
let transactions: number;
const hosts: ActorHost[] = [];

/** A real libSQL store that counts its transactions, to see group commit happen. */
async function countingStore(a: Address): Promise<Store> {
  const store = await openLibsqlStore({ url: `file:${join(dir, `${a.id}.db`)}` });
  return {
    get db() {
      return store.db;
    },
    // As tight as Durable Object SQLite, so that batches here insert their rows in chunks too.
    maxParams: 100,
    exec: (s) => store.exec(s),
    run: (s, p) => store.run(s, p),
    all: (s, p) => store.all(s, p),
    transaction: (work) => {
      transactions++;
      return store.transaction(work);
    },
    savepoint: (work) => store.savepoint(work),
    close: () => store.close(),
  };
}

function newHost(options: Partial<ConstructorParameters<typeof ActorHost>[0]> = {}) {
  const host = new ActorHost({
    kinds: [notesKind],
    openStore: countingStore,
    clock: manualClock('2026-01-05T09:00:00Z'),
    ids: ulidIds,
    services: {},
    publish: async (_a, events) => void published.push(...events),
    ...options,
  });
  hosts.push(host);
  return host;
}

const meta = (extra: Partial<Envelope['meta']> = {}) => ({ requestId: 'req-1', principal: { kind: 'system' } as const, ...extra });
const addNote = (host: ActorHost, id: string, payload: Record<string, unknown>, extra = {}) =>
  host.send({ kind: 'notes', id }, { type: 'notes.add', payload, meta: meta(extra) }).then((r) => r.value);
const getNote = (host: ActorHost, id: string, key: string) =>
  host.send({ kind: 'notes', id }, { type: 'notes.get', payload: { key }, meta: meta() }).then((r) => r.value);

async function rows(id: string, query: string) {
  const store = await openLibsqlStore({ url: `file:${join(dir, `${id}.db`)}` });
  try {
    return await store.db.all<Record<string, unknown>>(sql.raw(query));
  } finally {
    await store.close();
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'roster-actor-'));
  published = [];
  transactions = 0;
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the mailbox', () => {
  test('runs commands one at a time, in arrival order', async () => {
    const host = newHost();
    await addNote(host, 'a', { key: 'warm', text: '-' });
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
    await Promise.all(keys.map((key, i) => addNote(host, 'a', { key, text: key, slow: i % 2 ? 5 : 0 })));
    const actor = await host.activation({ kind: 'notes', id: 'a' });
    const state = actor.state as NotesState;
    expect(state.log).toEqual(['warm', ...keys]);
    expect(state.maxRunning).toBe(1);
    const seqs = published.map((e) => e.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('commands that queue while one commits share the next transaction', async () => {
    const host = newHost();
    await addNote(host, 'a', { key: 'first', text: '-' });
    const before = transactions;
    await Promise.all(Array.from({ length: 20 }, (_, i) => addNote(host, 'a', { key: `n${i}`, text: 'x' })));
    // Twenty commands arrived together: far fewer than twenty transactions (and fsyncs).
    expect(transactions - before).toBeLessThanOrEqual(2);
    expect(await rows('a', 'SELECT count(*) AS n FROM notes')).toEqual([{ n: 21 }]);
  });

  test('a failed command leaves no row, no outbox event, no audit and no memory change; its neighbours commit', async () => {
    const host = newHost();
    await addNote(host, 'a', { key: 'warm', text: '-' });
    const results = await Promise.allSettled([
      addNote(host, 'a', { key: 'ok1', text: 'x' }),
      addNote(host, 'a', { key: 'bad', text: 'x', fail: true }),
      addNote(host, 'a', { key: 'ok2', text: 'x' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as AppError).code).toBe('refused');
    expect(await getNote(host, 'a', 'bad')).toBeNull();
    expect(await rows('a', "SELECT key FROM notes WHERE key = 'bad'")).toEqual([]);
    expect(await rows('a', "SELECT subject FROM outbox ORDER BY seq")).toEqual([
      { subject: 'warm' },
      { subject: 'ok1' },
      { subject: 'ok2' },
    ]);
    expect(await rows('a', "SELECT subject FROM audit_log WHERE action = 'notes.add' ORDER BY id")).toEqual([
      { subject: 'warm' },
      { subject: 'ok1' },
      { subject: 'ok2' },
    ]);
    // Sequence numbers stay gapless: the failed command's number was handed back.
    expect(published.map((e) => [e.seq, e.subject])).toEqual([
      [1, 'warm'],
      [2, 'ok1'],
      [3, 'ok2'],
    ]);
  });

  test('a rejection that must be kept commits its writes and still answers with the error', async () => {
    const host = newHost();
    const reply = host.send({ kind: 'notes', id: 'a' }, { type: 'notes.revokeAndRefuse', payload: { key: 'r' }, meta: meta() });
    await expect(reply).rejects.toMatchObject({ code: 'revoked' });
    expect(await rows('a', "SELECT text FROM notes WHERE key = 'r'")).toEqual([{ text: 'revoked' }]);
  });

  test('a command whose deadline passed is not run', async () => {
    const host = newHost();
    const late = addNote(host, 'a', { key: 'late', text: 'x' }, { deadline: Date.now() - 1 });
    await expect(late).rejects.toMatchObject({ status: 504, code: 'deadline_exceeded' });
    expect(await getNote(host, 'a', 'late')).toBeNull();
  });

  test('an idempotency key replays the first reply without running again', async () => {
    const host = newHost();
    const first = await addNote(host, 'a', { key: 'once', text: 'x' }, { idempotencyKey: 'k' });
    const again = await addNote(host, 'a', { key: 'once', text: 'x' }, { idempotencyKey: 'k' });
    expect(again).toEqual(first);
    await expect(addNote(host, 'a', { key: 'other', text: 'x' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
  });

  test('an idempotency key is remembered for a day, then forgotten and purged', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const host = newHost({ clock });
    await addNote(host, 'a', { key: 'day1', text: 'x' }, { idempotencyKey: 'k' });
    clock.advance(23 * 3600_000);
    await expect(addNote(host, 'a', { key: 'other', text: 'x' }, { idempotencyKey: 'k' })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    clock.advance(2 * 3600_000);
    expect(await addNote(host, 'a', { key: 'day2', text: 'x' }, { idempotencyKey: 'k' })).toEqual({ key: 'day2' });
    await addNote(host, 'a', { key: 'later', text: 'x' }, { idempotencyKey: 'k2' });
    clock.advance(26 * 3600_000);
    await addNote(host, 'a', { key: 'trigger', text: 'x' });
    expect(await rows('a', 'SELECT count(*) AS n FROM idempotency')).toEqual([{ n: 0 }]);
  });

  test('bad input is refused before the mailbox, naming the field', async () => {
    const host = newHost();
    await expect(addNote(host, 'a', { key: 1 })).rejects.toMatchObject({
      status: 400,
      errors: [
        { field: 'key', message: expect.any(String) },
        { field: 'text', message: expect.any(String) },
      ],
    });
  });
});

describe('activation and residency', () => {
  test('passivation and reactivation keep state, and sequence numbers carry on', async () => {
    const host = newHost();
    await addNote(host, 'a', { key: 'kept', text: 'still here' });
    await host.passivate({ kind: 'notes', id: 'a' });
    expect(host.isResident({ kind: 'notes', id: 'a' })).toBe(false);
    expect(await getNote(host, 'a', 'kept')).toBe('still here');
    await addNote(host, 'a', { key: 'next', text: 'x' });
    expect(published.filter((e) => e.subject === 'next').map((e) => e.seq)).toEqual([2]);
  });

  test('a command that races passivation is answered and kept, never run on a closed database', async () => {
    const host = newHost();
    await addNote(host, 'a', { key: 'first', text: 'x' });
    // Sent but not yet in the mailbox when passivation starts.
    const racing = addNote(host, 'a', { key: 'racing', text: 'y' });
    const passivated = host.passivate({ kind: 'notes', id: 'a' });
    expect(await racing).toEqual({ key: 'racing' });
    await passivated;
    await host.passivate({ kind: 'notes', id: 'a' });
    expect(await getNote(host, 'a', 'racing')).toBe('y');
  });

  test('the least recently used actor is evicted over the cap', async () => {
    const host = newHost({ maxResident: 2 });
    await addNote(host, 'a', { key: 'x', text: 'a' });
    await addNote(host, 'b', { key: 'x', text: 'b' });
    await getNote(host, 'a', 'x');
    await addNote(host, 'c', { key: 'x', text: 'c' });
    await Bun.sleep(10);
    expect(host.residentAddresses().map((a) => a.id).sort()).toEqual(['a', 'c']);
    expect(await getNote(host, 'b', 'x')).toBe('b');
  });

  test('over the memory budget, the least recently used actors are evicted and the count stays where it fit', async () => {
    // The process's memory as the test sets it: 10 units a resident actor, a budget of 35.
    let used = 0;
    const host = newHost({ memoryBudgetBytes: 35, memoryUsed: () => used });
    for (const id of ['a', 'b', 'c', 'd']) {
      used = 10 * (host.snapshot().resident + 1);
      await addNote(host, id, { key: 'x', text: id });
    }
    await Bun.sleep(10);
    // At d, 40 used of 35: the 3 that fit stay, the least recently used (a) left.
    expect(host.residentAddresses().map((a) => a.id).sort()).toEqual(['b', 'c', 'd']);
    // Memory given back to the allocator, not the system, stays at 40: the count is not lowered again.
    await addNote(host, 'e', { key: 'x', text: 'e' });
    await Bun.sleep(10);
    expect(host.residentAddresses().map((a) => a.id).sort()).toEqual(['c', 'd', 'e']);
    // Well under the budget at the count, the count grows again.
    used = 20;
    await addNote(host, 'f', { key: 'x', text: 'f' });
    await Bun.sleep(10);
    expect(host.snapshot().resident).toBe(4);
    expect(await getNote(host, 'a', 'x')).toBe('a');
  });

  test('idle actors are passivated by the sweep', async () => {
    const host = newHost({ idleMs: 50 });
    await addNote(host, 'a', { key: 'x', text: 'a' });
    expect(await host.sweep(Date.now() + 100)).toBe(1);
    expect(host.snapshot().resident).toBe(0);
    expect(host.snapshot().passivations).toBe(1);
  });

  test('concurrent first messages share one activation', async () => {
    const host = newHost();
    await Promise.all(Array.from({ length: 10 }, (_, i) => addNote(host, 'a', { key: `k${i}`, text: 'x' })));
    expect(host.snapshot().activations).toBe(1);
  });

  test('unpublished outbox events are published again on activation', async () => {
    let failPublish = true;
    const host = newHost({
      publish: async (_a, events) => {
        if (failPublish) throw new Error('bus down');
        published.push(...events);
      },
    });
    await addNote(host, 'a', { key: 'lost', text: 'x' });
    await host.close();
    failPublish = false;
    const again = newHost({ publish: async (_a, events) => void published.push(...events) });
    await getNote(again, 'a', 'lost');
    expect(published.map((e) => e.subject)).toEqual(['lost']);
  });
});

describe('fencing', () => {
  test('an owner that lost the actor to a newer activation can never commit again', async () => {
    const oldOwner = newHost();
    await addNote(oldOwner, 'a', { key: 'before', text: 'x' });
    // Another process takes the actor (its activation bumps the epoch in the database)...
    const newOwner = newHost();
    await addNote(newOwner, 'a', { key: 'taken', text: 'x' });
    // ...and the old one, which never heard of it, tries to write.
    await expect(addNote(oldOwner, 'a', { key: 'stale', text: 'x' })).rejects.toBeInstanceOf(FencedError);
    expect(await rows('a', "SELECT key FROM notes ORDER BY key")).toEqual([{ key: 'before' }, { key: 'taken' }]);
    await Bun.sleep(10);
    expect(oldOwner.isResident({ kind: 'notes', id: 'a' })).toBe(false);
  });
});

describe('timers', () => {
  const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
  const remindNote = (host: ActorHost, id: string, payload: Record<string, unknown>) =>
    host.send({ kind: 'notes', id }, { type: 'notes.remind', payload, meta: meta() });

  test('a due timer sends its message once, and its row goes with that commit', async () => {
    const wakeups: (string | undefined)[] = [];
    const host = newHost({ clock: { now: () => new Date() }, onWakeup: (_a, due) => void wakeups.push(due) });
    await remindNote(host, 'a', { key: 'later', at: soon(50), text: 'from a timer' });
    expect(await getNote(host, 'a', 'later')).toBeNull();
    await Bun.sleep(150);
    expect(await getNote(host, 'a', 'later')).toBe('from a timer');
    expect(await rows('a', 'SELECT count(*) AS n FROM timers')).toEqual([{ n: 0 }]);
    expect(await rows('a', "SELECT count(*) AS n FROM notes WHERE key = 'later'")).toEqual([{ n: 1 }]);
    expect(wakeups).toEqual([expect.any(String), undefined]);
  });

  test('a timer that fell due while the actor was away fires on activation', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const first = newHost({ clock });
    await remindNote(first, 'a', { key: 'missed', at: '2026-01-05T10:00:00Z', text: 'caught up' });
    await first.close();
    clock.set('2026-01-05T11:00:00Z');
    const second = newHost({ clock });
    await getNote(second, 'a', 'missed');
    // The catch-up runs on a timer of its own: wait for it (a loaded machine may take a while).
    for (let i = 0; i < 100 && (await getNote(second, 'a', 'missed')) === null; i++) await Bun.sleep(20);
    expect(await getNote(second, 'a', 'missed')).toBe('caught up');
    // A third start finds nothing left to do: the timer fired exactly once.
    await second.close();
    const third = newHost({ clock });
    await getNote(third, 'a', 'missed');
    await Bun.sleep(20);
    expect(await rows('a', "SELECT count(*) AS n FROM notes WHERE key = 'missed'")).toEqual([{ n: 1 }]);
  });

  test('a timer that schedules its next step as due at once fires it in the same wake-up, not after the retry delay', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const host = newHost({ clock });
    await remindNote(host, 'a', { key: 'job', at: '2026-01-05T09:30:00Z', text: 'start' });
    await host.send({ kind: 'notes', id: 'a' }, { type: 'notes.countdown', payload: { n: 5 }, meta: meta() });
    // The host's wake-up fires step 4, and steps 3 to 1 follow at once (the retry delay is 30 s).
    const steps = async () => (await rows('a', "SELECT count(*) AS n FROM notes WHERE key LIKE 'step:%'")) as { n: number }[];
    for (let i = 0; i < 100 && (await steps())[0]!.n < 5; i++) await Bun.sleep(20);
    expect(await steps()).toEqual([{ n: 5 }]);
    expect(await rows('a', 'SELECT key FROM timers')).toEqual([{ key: 'remind:job' }]);
  });

  test('a timer whose message fails keeps its row and can fire later', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const host = newHost({ clock });
    await remindNote(host, 'a', { key: 'flaky', at: '2026-01-05T09:30:00Z', text: 'x', fail: true });
    clock.set('2026-01-05T10:00:00Z');
    expect(await host.runDueTimers()).toBe(0);
    expect(await rows('a', 'SELECT key FROM timers')).toEqual([{ key: 'remind:flaky' }]);
    expect(await getNote(host, 'a', 'flaky')).toBeNull();
  });

  test('rescheduling a key moves the timer instead of adding one', async () => {
    const clock = manualClock('2026-01-05T09:00:00Z');
    const host = newHost({ clock });
    await remindNote(host, 'a', { key: 'moved', at: '2026-01-05T09:10:00Z', text: 'one' });
    await remindNote(host, 'a', { key: 'moved', at: '2026-01-05T12:00:00Z', text: 'two' });
    clock.set('2026-01-05T10:00:00Z');
    expect(await host.runDueTimers()).toBe(0);
    clock.set('2026-01-05T12:00:01Z');
    expect(await host.runDueTimers()).toBe(1);
    expect(await getNote(host, 'a', 'moved')).toBe('two');
  });
});
