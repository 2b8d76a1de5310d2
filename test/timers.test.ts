import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../actors/core/clock';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { Api, newEmployee, signUp, userWithRole, hireAs } from './contract/client';
import { contractEnv } from './contract/suite';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Roster embedded on a clock the test moves, serving HTTP on a free port. */
function serverAt(start: string) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-timers-'));
  dirs.push(dir);
  const clock = manualClock(start);
  const config = loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', PORT: '0' });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  return {
    clock,
    roster,
    api: new Api(`http://127.0.0.1:${server.port}`),
    async stop() {
      await server.stop(true);
      await roster.close();
    },
  };
}

test('a future-dated change takes effect on its day in the company time zone, announced by an event', async () => {
  const { clock, roster, api, stop } = serverAt('2026-06-10T12:00:00Z');
  try {
    const c = await signUp(api, 'ontime');
    await api.patch('/v1/settings', { timeZone: 'Asia/Tokyo' }, { token: c.token });
    const emp = (await api.post('/v1/employees', newEmployee({ jobTitle: 'Analyst', hireDate: '2025-01-01' }), { token: c.token })).body;
    const res = await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: '2026-07-01', jobTitle: 'Lead' }, { token: c.token });
    expect(res.body.scheduled).toBe(true);

    // 14:59 UTC on 30 June is 23:59 in Tokyo; at 15:00 UTC it is midnight there, 1 July.
    clock.set('2026-06-30T14:59:00Z');
    await roster.host.runDueTimers();
    expect((await api.get(`/v1/employees/${emp.id}`, { token: c.token })).body.jobTitle).toBe('Analyst');
    clock.set('2026-06-30T15:00:00Z');
    await roster.host.runDueTimers();
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
  const { clock, roster, api, stop } = serverAt('2031-03-03T09:00:00Z');
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

    clock.set('2031-03-04T09:00:00Z');
    await roster.host.runDueTimers();
    expect(await titles()).toEqual(['Time off to approve']);
    clock.set('2031-03-05T09:00:01Z');
    await roster.host.runDueTimers();
    expect(await titles()).toEqual(['Reminder: time off to approve', 'Time off to approve']);

    await api.post(`/v1/timeoff-requests/${request.body.id}/approve`, {}, { token: bossUser.token });
    clock.set('2031-03-12T09:00:00Z');
    await roster.host.runDueTimers();
    expect(await titles()).toHaveLength(2);
  } finally {
    await stop();
  }
});
