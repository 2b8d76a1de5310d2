import { afterAll, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../actors/core/clock';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { Api, newEmployee, signUp, userWithRole, hireAs } from './contract/client';
import { contractEnv } from './contract/suite';
import { waitFor } from './support/wait';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/**
 * Roster embedded on a clock the test moves, serving HTTP on a free port (on `dir`'s data, if
 * given). Timers fire the way they do in production: the wake-up poller (every 50 ms here)
 * finds actors whose timers are due by that clock and wakes them; nothing calls them directly.
 */
function serverAt(start: string | ReturnType<typeof manualClock>, dir = mkdtempSync(join(tmpdir(), 'roster-timers-'))) {
  dirs.push(dir);
  const clock = typeof start === 'string' ? manualClock(start) : start;
  const config = loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', PORT: '0', ROSTER_WAKEUP_POLL_MS: '50' });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  return {
    dir,
    clock,
    roster,
    api: new Api(`http://127.0.0.1:${server.port}`),
    async stop() {
      await server.stop(true);
      await roster.close();
    },
  };
}

/** The employee's job title, read through the API. */
const titleOf = async (api: Api, token: string, id: string) => (await api.get(`/v1/employees/${id}`, { token })).body.jobTitle as string;

/**
 * A marker timer: a title change on its own employee, due at `effectiveDate`'s start. Once it
 * shows, the poller has woken the company with the clock where the test put it, so any other
 * timer then due has fired too, and one that has not fired was not due.
 */
async function marker(api: Api, token: string, effectiveDate: string) {
  const emp = (await api.post('/v1/employees', newEmployee({ jobTitle: 'Before', hireDate: '2020-01-01' }), { token })).body;
  const res = await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate, jobTitle: 'Marked' }, { token });
  expect(res.body.scheduled).toBe(true);
  return { fired: () => waitFor(async () => ((await titleOf(api, token, emp.id)) === 'Marked' ? true : undefined)) };
}

test('a future-dated change takes effect on its day in the company time zone, announced by an event', async () => {
  const { clock, api, stop } = serverAt('2026-06-10T12:00:00Z');
  try {
    const c = await signUp(api, 'ontime');
    await api.patch('/v1/settings', { timeZone: 'Asia/Tokyo' }, { token: c.token });
    const emp = (await api.post('/v1/employees', newEmployee({ jobTitle: 'Analyst', hireDate: '2025-01-01' }), { token: c.token })).body;
    const res = await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: '2026-07-01', jobTitle: 'Lead' }, { token: c.token });
    expect(res.body.scheduled).toBe(true);

    // 14:59 UTC on 30 June is 23:59 in Tokyo; at 15:00 UTC it is midnight there, 1 July.
    const june30 = await marker(api, c.token, '2026-06-30');
    clock.set('2026-06-30T14:59:00Z');
    await june30.fired();
    expect(await titleOf(api, c.token, emp.id)).toBe('Analyst');
    clock.set('2026-06-30T15:00:00Z');
    await waitFor(async () => ((await titleOf(api, c.token, emp.id)) === 'Lead' ? true : undefined));
    const now = await api.get(`/v1/employees/${emp.id}`, { token: c.token });
    expect(now.body.jobTitle).toBe('Lead');
    const history = await api.get(`/v1/employees/${emp.id}/lifecycle`, { token: c.token });
    expect(history.body.items.map((e: { type: string; state: string }) => `${e.type}:${e.state}`)).toEqual(['hire:applied', 'title_change:applied']);
    const events = await api.get('/v1/events', { token: c.token });
    expect(events.body.items.filter((e: { type: string }) => e.type === 'employee.updated').at(-1).data.changed).toEqual(['jobTitle']);
  } finally {
    await stop();
  }
});

test('a request left waiting reminds its approver after the company’s reminder period, until it is decided', async () => {
  const { clock, api, stop } = serverAt('2031-03-03T09:00:00Z');
  try {
    const c = await signUp(api, 'remind');
    await api.patch('/v1/settings', { approvalReminderDays: 2 }, { token: c.token });
    const bossUser = await userWithRole(api, c, 'manager');
    const workerUser = await userWithRole(api, c, 'employee');
    const boss = await hireAs(api, c, bossUser);
    const worker = await hireAs(api, c, workerUser, { managerId: boss.id });
    const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
    await api.post(`/v1/employees/${worker.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 10, reason: 'Opening' }, { token: c.token });
    const request = await api.post('/v1/timeoff-requests', { leaveTypeId: type.id, startDate: '2031-04-01', endDate: '2031-04-02' }, { token: workerUser.token });
    expect(request.status).toBe(201);
    const titles = async () => (await api.get('/v1/notifications', { token: bossUser.token })).body.items.map((n: { title: string }) => n.title);
    expect(await titles()).toEqual(['Time off to approve']);

    const day1 = await marker(api, c.token, '2031-03-04');
    clock.set('2031-03-04T09:00:00Z');
    await day1.fired();
    expect(await titles()).toEqual(['Time off to approve']);
    clock.set('2031-03-05T09:00:01Z');
    await waitFor(async () => ((await titles()).length === 2 ? true : undefined));
    expect(await titles()).toEqual(['Reminder: time off to approve', 'Time off to approve']);

    await api.post(`/v1/timeoff-requests/${request.body.id}/approve`, {}, { token: bossUser.token });
    const week = await marker(api, c.token, '2031-03-12');
    clock.set('2031-03-12T09:00:00Z');
    await week.fired();
    expect(await titles()).toHaveLength(2);
  } finally {
    await stop();
  }
});

test('a timer fires exactly once, also when the process restarts after it fired', async () => {
  let server = serverAt('2026-06-10T12:00:00Z');
  const c = await signUp(server.api, 'once');
  const emp = (await server.api.post('/v1/employees', newEmployee({ jobTitle: 'Analyst', hireDate: '2025-01-01' }), { token: c.token })).body;
  const timerRows = () => {
    const db = new Database(join(server.dir, 'tenants', `${c.tenantId}.db`), { readonly: true });
    try {
      return (db.query('SELECT count(*) AS n FROM timers').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };
  const before = timerRows();
  await server.api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: '2026-07-01', jobTitle: 'Lead' }, { token: c.token });
  expect(timerRows()).toBe(before + 1);
  server.clock.set('2026-07-01T00:00:00Z');
  await waitFor(async () => ((await titleOf(server.api, c.token, emp.id)) === 'Lead' ? true : undefined));
  // Gone with the transaction that ran it: no restart can fire it again.
  expect(timerRows()).toBe(before);
  const changes = async () =>
    ((await server.api.get('/v1/events?limit=200', { token: c.token })).body.items as { type: string; subject: string }[]).filter(
      (e) => e.type === 'employee.updated' && e.subject === emp.id,
    ).length;
  expect(await changes()).toBe(1);
  const { dir, clock } = server;
  await server.stop();

  // A new process on the same data: activation fires the timers that are due, and this one
  // is gone with the transaction that ran it.
  server = serverAt(clock, dir);
  try {
    expect((await server.api.get(`/v1/employees/${emp.id}`, { token: c.token })).body.jobTitle).toBe('Lead');
    // A command after the activation and a poller round: whatever fired meanwhile has committed.
    const after = await marker(server.api, c.token, '2026-07-02');
    server.clock.set('2026-07-02T00:00:00Z');
    await after.fired();
    expect(await changes()).toBe(1);
  } finally {
    await server.stop();
  }
});
