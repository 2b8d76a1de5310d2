import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPassword, runDemo } from '../src/cli/demo';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';

const dir = mkdtempSync(join(tmpdir(), 'roster-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the demo fills a company a new user can explore at once, and a second run changes nothing', async () => {
  const config = loadConfig({ ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', PORT: '0' });
  const lines: string[] = [];
  await runDemo(config, createLogger('silent'), (l) => lines.push(l));
  expect(lines.at(-1)).toContain('/docs');
  await runDemo(config, createLogger('silent'), (l) => lines.push(l));
  expect(lines.some((l) => l.includes('already exists'))).toBe(true);

  const roster = createEmbedded(config, createLogger('silent'));
  try {
    const as = async (email: string) => {
      const res = await roster.app.request('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'demo', email, password: demoPassword }) });
      const { accessToken } = (await res.json()) as { accessToken: string };
      return async (path: string) => (await roster.app.request(path, { headers: { authorization: `Bearer ${accessToken}` } })).json() as Promise<any>;
    };
    const hr = await as('hana@demo.test');
    expect((await hr('/v1/employees?limit=1')).total).toBe(250);
    const headcount = await hr('/v1/reports/headcount');
    expect(headcount.total).toBeGreaterThan(230);
    expect(headcount.items.length).toBeGreaterThan(5);
    const requests = (await hr('/v1/timeoff-requests?limit=200')).items as { status: string }[];
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(['approved', 'pending', 'rejected', 'cancelled']));
    const chart = await hr('/v1/org-chart?depth=2');
    expect(chart.items).toHaveLength(1);
    expect(chart.items[0].reportCount).toBeGreaterThan(5);

    const manager = await as('max@demo.test');
    const managerTotal = (await manager('/v1/reports/headcount')).total;
    expect(managerTotal).toBeGreaterThan(1);
    expect(managerTotal).toBeLessThan(headcount.total);
    const employee = await as('eve@demo.test');
    const me = (await employee('/v1/employees?limit=200')).items.find((e: { workEmail: string }) => e.workEmail === 'eve@demo.test');
    const days = await employee(`/v1/attendance/days?employeeId=${me.id}&from=${new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}`);
    expect(days.items.some((d: { workedMinutes: number }) => d.workedMinutes > 0)).toBe(true);
  } finally {
    await roster.close();
  }
}, 60_000);
