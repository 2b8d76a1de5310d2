import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../actors/core/clock';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { Api, newEmployee, signUp } from './contract/client';
import { contractEnv } from './contract/suite';

const dir = mkdtempSync(join(tmpdir(), 'roster-lifecycle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a future-dated change takes effect on its day in the company time zone, announced by an event', async () => {
  const clock = manualClock('2026-06-10T12:00:00Z');
  const config = loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', PORT: '0' });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  try {
    const api = new Api(`http://127.0.0.1:${server.port}`);
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
    await server.stop(true);
    await roster.close();
  }
});
