import { expect, test } from 'bun:test';
import { newEmployee, signUp, userWithRole } from './contract/client';
import { embeddedOnClock } from './support/clocked-embedded';

const serverAt = (start: string) => embeddedOnClock(start, { ROSTER_SCRYPT_LOG_N: '12' });

test("an open task past its due date in the company's calendar reminds its assignee, weekly, until it is closed", async () => {
  const { clock, roster, api, stop } = serverAt('2026-06-01T03:00:00Z');
  try {
    const c = await signUp(api, 'chkrem');
    await api.patch('/v1/settings', { timeZone: 'Asia/Tokyo' }, { token: c.token });
    const it = await userWithRole(api, c, 'admin');
    await api.post('/v1/checklist-templates', { name: 'Onboarding', kind: 'onboarding', tasks: [{ title: 'Laptop', assignee: { type: 'user', userId: it.id }, dueOffsetDays: 0 }] }, { token: c.token });
    const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2026-06-10' }), { token: c.token })).body;
    const reminders = async () => (await api.get('/v1/notifications', { token: it.token })).body.items.filter((n: any) => n.type === 'checklist.task_overdue');

    // Due 10 June in Tokyo: 11 June begins there at 15:00 UTC on 10 June.
    clock.set('2026-06-10T14:59:00Z');
    await roster.host.runDueTimers();
    expect(await reminders()).toEqual([]);
    clock.set('2026-06-10T15:00:00Z');
    await roster.host.runDueTimers();
    const first = await reminders();
    expect(first).toHaveLength(1);
    expect(first[0].body).toContain('"Laptop"');
    expect(first[0].body).toContain('was due 2026-06-10');
    const overdue = await api.get('/v1/checklist-tasks/overdue', { token: c.token });
    expect(overdue.body.items.map((t: any) => t.employeeId)).toEqual([emp.id]);

    clock.set('2026-06-17T15:00:00Z');
    await roster.host.runDueTimers();
    expect(await reminders()).toHaveLength(2);
    const [task] = (await api.get('/v1/me/tasks', { token: it.token })).body.items;
    expect((await api.post(`/v1/me/tasks/${task.id}/complete`, {}, { token: it.token })).status).toBe(200);
    clock.set('2026-06-24T15:00:00Z');
    await roster.host.runDueTimers();
    expect(await reminders()).toHaveLength(2);
  } finally {
    await stop();
  }
});
