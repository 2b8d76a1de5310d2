import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, newEmployee, signUp } from './contract/client';
import { startRosterProcess, type RosterProcess } from './support/process-target';

const dirs: string[] = [];
const procs: RosterProcess[] = [];
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// The same check on each runtime that serves embedded from SQLite files (bun:sqlite, node:sqlite on Deno).
for (const runtime of ['bun', 'deno'] as const)
describe(`durability (embedded on ${runtime}, a real process)`, () => {
  test('every acknowledged write survives kill -9 right after the reply, and nothing else appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-durable-'));
    dirs.push(dir);
    const first = await startRosterProcess(dir, {}, runtime);
    procs.push(first);
    const api = new Api(first.baseUrl);
    const c = await signUp(api, 'durable');

    // Writers run flat out; the process is killed while they are in flight.
    const acknowledged: string[] = [];
    let stop = false;
    const writers = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const res = await api.post('/v1/employees', newEmployee(), { token: c.token }).catch(() => undefined);
        if (res?.status === 201) acknowledged.push(res.body.id);
      }
    });
    while (acknowledged.length < 200) await Bun.sleep(5);
    await first.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const second = await startRosterProcess(dir, {}, runtime);
    procs.push(second);
    const api2 = new Api(second.baseUrl);
    const login = await api2.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: 'correct horse battery staple' });
    const token = login.body.accessToken;
    const present = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: any = await api2.get(`/v1/employees?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      for (const e of page.body.items) present.add(e.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    for (const id of acknowledged) expect(present.has(id)).toBe(true);
    // Writes cut off mid-flight may have landed without a reply, but none landed twice.
    expect(present.size).toBeGreaterThanOrEqual(acknowledged.length);
    expect(present.size).toBeLessThanOrEqual(acknowledged.length + 16);
    await second.kill('SIGTERM');
  }, 60_000);

  test('every acknowledged PATCH survives kill -9 right after the reply: each employee holds its last acknowledged title', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-durable-'));
    dirs.push(dir);
    const first = await startRosterProcess(dir);
    procs.push(first);
    const api = new Api(first.baseUrl);
    const c = await signUp(api, 'durable-patch');
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push((await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id);

    // One writer per employee, so each one's last acknowledged title is known; the one in
    // flight at the kill may land too, nothing else may.
    const last = new Map<string, { acked?: string; version: number; inFlight?: string }>();
    let stop = false;
    let writes = 0;
    const writers = ids.map(async (id, w) => {
      const mine = { version: 1 } as { acked?: string; version: number; inFlight?: string };
      last.set(id, mine);
      for (let n = 0; !stop; n++) {
        const title = `Title ${w}-${n}`;
        mine.inFlight = title;
        const res = await api.patch(`/v1/employees/${id}`, { jobTitle: title }, { token: c.token, headers: { 'if-match': '*' } }).catch(() => undefined);
        if (res?.status !== 200) break;
        mine.acked = title;
        mine.version = res.body.version;
        writes++;
      }
    });
    while (writes < 300) await Bun.sleep(5);
    await first.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);

    const second = await startRosterProcess(dir);
    procs.push(second);
    const api2 = new Api(second.baseUrl);
    const login = await api2.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: 'correct horse battery staple' });
    for (const id of ids) {
      const mine = last.get(id)!;
      const now = (await api2.get(`/v1/employees/${id}`, { token: login.body.accessToken })).body;
      expect([mine.acked, mine.inFlight]).toContain(now.jobTitle);
      expect(now.version).toBeGreaterThanOrEqual(mine.version);
      expect(now.version).toBeLessThanOrEqual(mine.version + 1);
    }
    await second.kill('SIGTERM');
  }, 60_000);
});
