import { afterAll, describe, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { websocket } from 'hono/bun';
import { manualClock } from '../actors/core/clock';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { Api, companyToday, newEmployee, ownerPassword, signUp } from './contract/client';
import { waitFor } from './support/wait';
import { contractEnv } from './contract/suite';
import { startRosterProcess, type RosterProcess } from './support/process-target';

const dirs: string[] = [];
const procs: RosterProcess[] = [];
afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function dataDir() {
  const d = mkdtempSync(join(tmpdir(), 'roster-accrual-'));
  dirs.push(d);
  return d;
}

/** An embedded server on a clock the test moves. */
function serverAt(dir: string, clock: ReturnType<typeof manualClock>) {
  const config = loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', ROSTER_LOG: 'silent', PORT: '0' });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch, websocket });
  return {
    api: new Api(`http://127.0.0.1:${server.port}`),
    async stop() {
      await server.stop(true);
      await roster.close();
    },
  };
}

function accrualRows(dir: string, tenantId: string): { employee_id: string; period: string }[] {
  const db = new Database(join(dir, 'tenants', `${tenantId}.db`), { readonly: true });
  try {
    return db.query("SELECT employee_id, period FROM timeoff_ledger WHERE kind = 'accrual'").all() as never;
  } finally {
    db.close();
  }
}

/**
 * Whether some connection holds the database's write lock now (a write transaction is under
 * way): BEGIN IMMEDIATE from here fails at once with SQLITE_BUSY.
 */
function writeLockHeld(file: string): boolean {
  const db = new Database(file);
  try {
    db.exec('PRAGMA busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (e) {
    if (/busy|locked/i.test(String(e))) return true;
    throw e;
  } finally {
    db.close();
  }
}

describe('timers across restarts', () => {
  test('accruals that fell due while the server was down are granted once after restart', async () => {
    const dir = dataDir();
    const clock = manualClock('2026-01-15T09:00:00Z');
    let roster = serverAt(dir, clock);
    const c = await signUp(roster.api, 'down');
    const emp = (await roster.api.post('/v1/employees', newEmployee({ hireDate: '2024-01-01' }), { token: c.token })).body;
    const type = (await roster.api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
    await roster.api.post('/v1/timeoff-policies', { leaveTypeId: type.id, name: 'Std', yearlyEntitlement: 12, startsOn: '2026-02-01' }, { token: c.token });
    expect(accrualRows(dir, c.tenantId)).toEqual([]);
    await roster.stop();

    // Down through February, March and into April.
    clock.set('2026-04-10T08:00:00Z');
    roster = serverAt(dir, clock);
    await waitFor(() => (accrualRows(dir, c.tenantId).length >= 3 ? true : undefined));
    expect(accrualRows(dir, c.tenantId).map((r) => r.period).sort()).toEqual(['2026-02', '2026-03', '2026-04']);
    await roster.stop();

    // Another restart the same day finds nothing left to grant.
    roster = serverAt(dir, clock);
    const login = await roster.api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
    const balance = await roster.api.get(`/v1/employees/${emp.id}/balances`, { token: login.body.accessToken });
    expect(balance.body.items).toEqual([{ leaveTypeId: type.id, balance: 3 }]);
    // A command after the activation is the marker: timers that fired on activation were
    // queued in the mailbox before it, so they have committed by the time it answers.
    expect((await roster.api.post('/v1/leave-types', { name: 'Marker' }, { token: login.body.accessToken })).status).toBe(201);
    expect(accrualRows(dir, c.tenantId)).toHaveLength(3);
    await roster.stop();
  }, 60_000);

  test('a process killed in the middle of an accrual run grants each period exactly once after the retry', async () => {
    const dir = dataDir();
    let proc = await startRosterProcess(dir);
    procs.push(proc);
    let api = new Api(proc.baseUrl);
    const c = await signUp(api, 'midrun');
    const employees = 400;
    for (let i = 0; i < employees; i += 20) {
      await Promise.all(Array.from({ length: 20 }, () => api.post('/v1/employees', newEmployee({ hireDate: '2015-01-01' }), { token: c.token })));
    }
    const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
    // Years of months for every employee, written by the policy's creation in one long write
    // transaction: the kill lands while the tenant's write lock is held, seen from a second
    // connection, before any reply.
    const body = { leaveTypeId: type.id, name: 'Back pay', yearlyEntitlement: 12, startsOn: '2016-01-01' };
    const key = { headers: { 'idempotency-key': 'back-pay-policy' } };
    let replied = false;
    const first = api.post('/v1/timeoff-policies', body, { token: c.token, ...key }).then(
      () => (replied = true),
      () => undefined,
    );
    const file = join(dir, 'tenants', `${c.tenantId}.db`);
    let held = 0;
    for (const until = Date.now() + 20_000; held < 3; await Bun.sleep(10)) {
      if (Date.now() > until || replied) throw new Error('the accrual run was not caught in progress');
      held = writeLockHeld(file) ? held + 1 : 0;
    }
    await proc.kill('SIGKILL');
    await first;
    expect(replied).toBe(false);
    const afterKill = accrualRows(dir, c.tenantId).length;

    // The client retries its unanswered request with the same key after the restart.
    proc = await startRosterProcess(dir);
    procs.push(proc);
    api = new Api(proc.baseUrl);
    const login = await api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
    const token = login.body.accessToken as string;
    const retried = await api.post('/v1/timeoff-policies', body, { token, ...key });
    expect(retried.status).toBe(201);
    expect((await api.post('/v1/timeoff-policies', body, { token, ...key })).body.id).toBe(retried.body.id);
    // Every month from January 2016 to the server's current month, in the company's zone.
    const [year, month] = (await companyToday(api, token)).split('-').map(Number) as [number, number];
    const months = (year - 2016) * 12 + month;
    const rows = accrualRows(dir, c.tenantId);
    console.log(`accrual run killed with ${afterKill} of ${employees * months} rows written; after the retry ${rows.length}`);
    // Killed in the middle of its one transaction: nothing of it stayed...
    expect(afterKill).toBe(0);
    // ...and after the retry one policy, every employee every month once: acked (one policy)
    // <= stored <= acked + the one in flight, seen as the balance each employee is shown.
    expect((await api.get('/v1/timeoff-policies', { token })).body.items).toHaveLength(1);
    expect(rows).toHaveLength(employees * months);
    expect(new Set(rows.map((r) => `${r.employee_id}:${r.period}`)).size).toBe(rows.length);
    const some = (await api.get('/v1/employees?limit=5', { token })).body.items as { id: string }[];
    expect(some.length).toBe(5);
    for (const e of some) {
      const balance = await api.get(`/v1/employees/${e.id}/balances`, { token });
      expect(balance.body.items).toEqual([{ leaveTypeId: type.id, balance: months }]);
    }
    await proc.kill('SIGTERM');
  }, 90_000);
});
