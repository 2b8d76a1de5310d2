import { expect, test } from 'bun:test';
import { Api, newEmployee, signUp } from './contract/client';
import { embeddedOnClock } from './support/clocked-embedded';
import { waitFor } from './support/wait';

/** Roster embedded on a clock the test moves; the wake-up poller (50 ms) fires timers as in production. */
const serverAt = (start: string) => embeddedOnClock(start, { ROSTER_SCRYPT_LOG_N: '12', ROSTER_WAKEUP_POLL_MS: '50' });

/** A title change due at the start of `date`: once it shows, every timer due by the clock has fired. */
async function marker(api: Api, token: string, date: string) {
  const emp = (await api.post('/v1/employees', newEmployee({ jobTitle: 'Before', hireDate: '2020-01-01' }), { token })).body;
  expect((await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: date, jobTitle: 'Marked' }, { token })).body.scheduled).toBe(true);
  return () => waitFor(async () => ((await api.get(`/v1/employees/${emp.id}`, { token })).body.jobTitle === 'Marked' ? true : undefined));
}

test('retention: the daily run at 02:00 in the company’s zone erases personal details six months after the last day, and keeps the record', async () => {
  const { clock, api, stop } = serverAt('2026-01-10T12:00:00Z');
  try {
    const c = await signUp(api, 'retain');
    await api.patch('/v1/settings', { timeZone: 'Asia/Tokyo' }, { token: c.token });
    const e = (await api.post('/v1/employees', newEmployee({ firstName: 'Rita', birthDate: '1990-04-05', address: { line1: 'Ginza 1', city: 'Tokyo', country: 'JP' }, hireDate: '2024-01-01' }), { token: c.token })).body;
    expect((await api.post(`/v1/employees/${e.id}/lifecycle`, { type: 'termination', effectiveDate: '2026-01-09', reason: 'Moved' }, { token: c.token })).status).toBe(201);
    // An export made earlier copies every category: it goes with any erasure.
    const job = (await api.post(`/v1/employees/${e.id}/data-exports`, {}, { token: c.token })).body;
    await waitFor(async () => ((await api.get(`/v1/data-exports/${job.id}`, { token: c.token })).body.status === 'completed' ? true : undefined));
    const erasures = async () => (await api.get(`/v1/erasures?employeeId=${e.id}`, { token: c.token })).body.items as { status: string; trigger: string; categories: string[] }[];

    // 9 July in Tokyo is the due day (six months after 9 January); at 23:00 on the 8th nothing is due.
    const july8 = await marker(api, c.token, '2026-07-08');
    clock.set('2026-07-08T14:00:00Z');
    await july8();
    expect(await erasures()).toEqual([]);
    // 01:59 on the 9th in Tokyo: the day has come, the run's hour not yet.
    const july9 = await marker(api, c.token, '2026-07-09');
    clock.set('2026-07-08T16:59:00Z');
    await july9();
    expect(await erasures()).toEqual([]);
    // 02:00 in Tokyo: the run erases what is due, by itself.
    clock.set('2026-07-08T17:00:00Z');
    const [run] = await waitFor(async () => {
      const items = await erasures();
      return items[0]?.status === 'completed' ? items : undefined;
    });
    expect(run).toMatchObject({ trigger: 'retention', categories: ['personal', 'notifications', 'account'] });
    const record = (await api.get(`/v1/employees/${e.id}`, { token: c.token })).body;
    expect(record).toMatchObject({ firstName: 'Rita', birthDate: null, address: null, terminationReason: null, terminationDate: '2026-01-09' });
    expect((await api.get(`/v1/data-exports/${job.id}`, { token: c.token })).status).toBe(404);
  } finally {
    await stop();
  }
}, 60_000);
