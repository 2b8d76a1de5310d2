import { expect, test } from 'bun:test';
import { newEmployee, signUp } from './contract/client';
import { embeddedOnClock } from './support/clocked-embedded';

/** A future-dated raise, on the company's clock: scheduled until its day, then in force, and its timer announces it that day. */
test('a future-dated raise applies on its day: the timer announces it then, not before, and reads follow the day', async () => {
  const { clock, roster, api, stop } = embeddedOnClock('2026-03-10T10:00:00Z');
  try {
    const c = await signUp(api, 'raise');
    const key = { token: (await api.post('/v1/api-keys', { name: 'hr', role: 'hr' }, { token: c.token })).body.key as string };
    // Berlin: the raise's day starts at 2026-03-31T22:00Z (summer time begins on 29 March).
    expect((await api.patch('/v1/settings', { timeZone: 'Europe/Berlin' }, { token: c.token })).status).toBe(200);
    const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2025-06-01' }), key)).body.id as string;
    const pay = (effectiveDate: string, amount: string, reason: string) =>
      api.post(`/v1/employees/${emp}/compensation`, { effectiveDate, amount, currency: 'EUR', frequency: 'monthly', reason }, key);
    expect((await pay('2025-06-01', '4000', 'hire')).status).toBe(201);
    const raise = await pay('2026-04-01', '4400', 'merit');
    expect(raise.status).toBe(201);
    const current = async () => (await api.get(`/v1/employees/${emp}/compensation`, key)).body.current;
    const effective = async () =>
      ((await api.get('/v1/events?limit=1000', key)).body.items as { type: string; data: { compensationId: string; effectiveDate: string } }[]).filter((e) => e.type === 'compensation.effective');
    expect(await current()).toMatchObject({ amount: '4000', standing: 'in_force' });

    // The evening before, in Berlin: the timer is not due yet.
    clock.set('2026-03-31T21:59:00Z');
    await roster.host.runDueTimers();
    expect(await effective()).toEqual([]);
    expect((await current()).amount).toBe('4000');

    // Midnight in Berlin: the raise is in force and its timer says so, once.
    clock.set('2026-03-31T22:00:01Z');
    expect((await current()).amount).toBe('4400');
    await roster.host.runDueTimers();
    expect((await effective()).map((e) => [e.data.compensationId, e.data.effectiveDate])).toEqual([[raise.body.id, '2026-04-01']]);
    await roster.host.runDueTimers();
    expect(await effective()).toHaveLength(1);

    // A raise corrected away before its day (a same-day correction) is not announced as in force.
    const second = await pay('2026-05-01', '4600', 'merit');
    const corrected = await pay('2026-05-01', '4500', 'correction');
    expect([second.status, corrected.status]).toEqual([201, 201]);
    clock.set('2026-04-30T22:00:01Z');
    await roster.host.runDueTimers();
    expect((await current()).amount).toBe('4500');
    expect((await effective()).map((e) => e.data.compensationId)).toEqual([raise.body.id, corrected.body.id]);
  } finally {
    await stop();
  }
});
