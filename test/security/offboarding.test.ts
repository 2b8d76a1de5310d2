import { expect, test } from 'bun:test';
import { hireAs, ownerPassword, signUp, userWithRole } from '../contract/client';
import { serverAt } from './server';

/**
 * Item 1: a leaver keeps access. A termination dated in the future offboards on its day in
 * the company's time zone (a timer), not before; the leaver can use their account until then.
 */
test('a future termination offboards the leaver at midnight of its day in the company time zone', async () => {
  const { api, clock, roster, stop } = serverAt('2026-06-10T12:00:00Z');
  try {
    const c = await signUp(api, 'leaver');
    await api.patch('/v1/settings', { timeZone: 'Asia/Tokyo' }, { token: c.token });
    const user = await userWithRole(api, c, 'hr');
    const record = await hireAs(api, c, user, { hireDate: '2025-01-01' });
    const key = (await api.post('/v1/api-keys', { name: 'HR export', role: 'hr' }, { token: c.token })).body;
    const res = await api.post(`/v1/employees/${record.id}/lifecycle`, { type: 'termination', effectiveDate: '2026-07-01', reason: 'Resigned' }, { token: c.token });
    expect(res.body.scheduled).toBe(true);
    const session = await api.post('/v1/auth/login', { tenant: c.slug, email: user.email, password: ownerPassword });

    // 14:59 UTC on 30 June is 23:59 in Tokyo: still their last day.
    clock.set('2026-06-30T14:59:00Z');
    await roster.host.runDueTimers();
    expect((await api.get('/v1/employees', { token: session.body.accessToken })).status).toBe(200);
    expect((await api.get(`/v1/users/${user.id}`, { token: c.token })).body.status).toBe('active');

    clock.set('2026-06-30T15:00:00Z');
    await roster.host.runDueTimers();
    const directory = await api.get('/v1/employees', { token: session.body.accessToken });
    expect(directory.status).toBe(401);
    expect(directory.body.items).toBeUndefined();
    expect((await api.get('/v1/org-chart', { token: session.body.accessToken })).status).toBe(401);
    expect((await api.post('/v1/auth/refresh', { refreshToken: session.body.refreshToken })).status).toBe(401);
    expect((await api.post('/v1/auth/login', { tenant: c.slug, email: user.email, password: ownerPassword })).status).toBe(401);
    // A key the owner made is the owner's: it keeps working.
    expect((await api.get('/v1/employees', { token: key.key })).status).toBe(200);
    const events = (await api.get('/v1/events?limit=1000', { token: c.token })).body.items.map((e: { type: string; subject: string }) => `${e.type}:${e.subject}`);
    expect(events).toContain(`user.deactivated:${user.id}`);
  } finally {
    await stop();
  }
});
