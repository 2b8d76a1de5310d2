import { expect, test } from 'bun:test';
import { newEmployee, ownerPassword, signUp } from './contract/client';
import { embeddedOnClock } from './support/clocked-embedded';

test('a missed accrual timer delays nothing a read shows; the late run writes the rows and tells HR', async () => {
  const { clock, roster, api, stop } = embeddedOnClock('2026-03-10T10:00:00Z');
  try {
    const c = await signUp(api, 'late');
    const key = { token: (await api.post('/v1/api-keys', { name: 'hr', role: 'hr' }, { token: c.token })).body.key as string };
    const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, key)).body;
    await api.post('/v1/timeoff-policies', { leaveTypeId: type.id, name: 'Standard', yearlyEntitlement: 24, startsOn: '2026-01-01' }, key);
    const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2025-06-01' }), key)).body;
    const balance = async () => (await api.get(`/v1/employees/${emp.id}/balances`, key)).body.items[0].balance;
    const stored = async () => (await api.get(`/v1/employees/${emp.id}/ledger`, key)).body.items.reduce((s: number, r: { amount: number }) => s + r.amount, 0);
    // January to March: 3 × 2.
    expect(await balance()).toBe(6);

    // The 1 April and 1 May timers never ran (the process was down): the read counts them anyway.
    clock.set('2026-05-15T10:00:00Z');
    expect(await balance()).toBe(10);
    expect(await stored()).toBe(6);

    // The run comes late: it writes April and May and says so to HR.
    await roster.host.runDueTimers();
    expect(await stored()).toBe(10);
    const login = await api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
    const inbox = (await api.get('/v1/notifications', { token: login.body.accessToken })).body.items;
    expect(inbox.map((n: { title: string }) => n.title)).toContain('Accrual run was late');
    expect(inbox.find((n: { title: string }) => n.title === 'Accrual run was late').body).toContain('due since 2026-04-01');

    // A timer on time (1 June) writes June without a word to HR.
    clock.set('2026-06-01T00:00:01Z');
    await roster.host.runDueTimers();
    expect(await stored()).toBe(12);
    const again = (await api.get('/v1/notifications', { token: login.body.accessToken })).body.items;
    expect(again.filter((n: { title: string }) => n.title === 'Accrual run was late')).toHaveLength(1);
  } finally {
    await stop();
  }
});
