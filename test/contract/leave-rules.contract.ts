import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole, hireAs } from './client';
import type { ContractCase } from './suite';

/**
 * The rules a leave type sets (actors/timeoff/leave-rules.ts), through the API. Every date is
 * relative to the server's today in the company's zone (Europe/Berlin), so the cases never rot.
 */
const zone = 'Europe/Berlin';
const todayIn = (tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The Monday after a date (a week later when it is a Monday). */
const nextMonday = (date: string) => addDays(date, (8 - new Date(`${date}T00:00:00Z`).getUTCDay()) % 7 || 7);

/** A company in Berlin: Engineering › Platform; a manager, a worker in Platform (signed in), a colleague in Sales. */
async function company(api: Api, prefix: string) {
  const c = await signUp(api, prefix);
  const hr = { token: c.token };
  await api.patch('/v1/settings', { timeZone: zone }, hr);
  const location = (await api.post('/v1/locations', { name: 'Berlin', timeZone: zone }, hr)).body;
  const engineering = (await api.post('/v1/departments', { name: 'Engineering' }, hr)).body;
  const platform = (await api.post('/v1/departments', { name: 'Platform', parentId: engineering.id }, hr)).body;
  const sales = (await api.post('/v1/departments', { name: 'Sales' }, hr)).body;
  const bossUser = await userWithRole(api, c, 'manager');
  const workerUser = await userWithRole(api, c, 'employee');
  const colleagueUser = await userWithRole(api, c, 'employee');
  const boss = await hireAs(api, c, bossUser, { locationId: location.id });
  const worker = await hireAs(api, c, workerUser, { locationId: location.id, managerId: boss.id, departmentId: platform.id });
  const colleague = await hireAs(api, c, colleagueUser, { locationId: location.id, managerId: boss.id, departmentId: sales.id });
  const leaveType = async (body: Record<string, unknown>) => {
    const res = await api.post('/v1/leave-types', { name: 'Vacation', ...body }, hr);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body as { id: string };
  };
  return { c, hr, location, engineering, platform, sales, bossUser, workerUser, colleagueUser, boss, worker, colleague, leaveType, today: todayIn(zone) };
}

const quote = (api: Api, token: string, body: Record<string, unknown>) => api.post('/v1/timeoff-quotes', body, { token });

export const leaveRulesContract: ContractCase = (target) => {
  describe('time off: leave rules', () => {
    test('untracked types (sick): no balance needed, approved like any request, no ledger rows, counted in the leave report', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'sick');
      const sick = await s.leaveType({ name: 'Sick', tracked: false });
      const vacation = await s.leaveType({ name: 'Vacation' });
      expect((await api.get('/v1/leave-types', s.hr)).body.items.find((t: { id: string }) => t.id === sick.id)).toMatchObject({ tracked: false, applicableAfterDays: null });
      // Monday and Tuesday two weeks back (HR records it: sick notes arrive late). Nobody has a balance.
      const monday = addDays(nextMonday(s.today), -14);
      const tuesday = addDays(monday, 1);
      const tracked = await api.post('/v1/timeoff-requests', { employeeId: s.worker.id, leaveTypeId: vacation.id, startDate: monday, endDate: tuesday }, s.hr);
      expect(tracked).toMatchObject({ status: 422, body: { code: 'insufficient_balance' } });
      const sent = await api.post('/v1/timeoff-requests', { employeeId: s.worker.id, leaveTypeId: sick.id, startDate: monday, endDate: tuesday }, s.hr);
      expect(sent.status).toBe(201);
      expect(sent.body).toMatchObject({ status: 'pending', amount: 2 });
      const approved = await api.post(`/v1/timeoff-requests/${sent.body.id}/approve`, {}, { token: s.bossUser.token });
      expect(approved.body.status).toBe('approved');
      // No balance appears for the untracked type: approval wrote no ledger rows.
      const balances = (await api.get(`/v1/employees/${s.worker.id}/balances?asOf=${tuesday}`, s.hr)).body.items;
      expect(balances.find((b: { leaveTypeId: string }) => b.leaveTypeId === sick.id)).toBeUndefined();
      // …but the 2 days count as leave taken.
      const report = await api.get(`/v1/reports/leave-taken?from=${monday}&to=${tuesday}`, s.hr);
      expect(report.body.items.find((i: { leaveTypeId: string }) => i.leaveTypeId === sick.id)).toMatchObject({ name: 'Sick', taken: 2, employees: 1 });
      // …and the timesheet shows leave, not absence.
      const nine = { start: '09:00', end: '17:00' };
      const schedule = (await api.post('/v1/attendance/schedules', { name: 'Office', days: { 1: nine, 2: nine, 3: nine, 4: nine, 5: nine } }, s.hr)).body;
      await api.request('PUT', `/v1/employees/${s.worker.id}/schedule`, { scheduleId: schedule.id }, s.hr);
      const sheet = await api.get(`/v1/attendance/timesheet?employeeId=${s.worker.id}&from=${monday}&to=${tuesday}`, s.hr);
      expect(sheet.body.totals).toMatchObject({ leaveDays: 2, absences: 0 });
    });

    test('whether a type keeps a balance changes only while nothing is booked on it', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'flip');
      const fresh = await s.leaveType({ name: 'Sick' });
      expect((await api.patch(`/v1/leave-types/${fresh.id}`, { tracked: false }, s.hr)).body.tracked).toBe(false);
      const used = await s.leaveType({ name: 'Vacation' });
      await api.post(`/v1/employees/${s.worker.id}/balances/adjustments`, { leaveTypeId: used.id, amount: 5, reason: 'Opening' }, s.hr);
      const flip = await api.patch(`/v1/leave-types/${used.id}`, { tracked: false }, s.hr);
      expect(flip).toMatchObject({ status: 409, body: { code: 'leave_type_in_use', errors: [{ field: 'tracked' }] } });
      expect((await api.get('/v1/leave-types', s.hr)).body.items.find((t: { id: string }) => t.id === used.id).tracked).toBe(true);
      // An empty change is valid by the API document and changes nothing, as for any PATCH.
      const unchanged = await api.patch(`/v1/leave-types/${used.id}`, {}, s.hr);
      expect([unchanged.status, unchanged.body.tracked, unchanged.body.name]).toEqual([200, true, 'Vacation']);
    });

    test('waiting period: a request starting before hire date + applicableAfterDays is refused, naming the first day', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'wait');
      const type = await s.leaveType({ applicableAfterDays: 30 });
      // A new hire ten days ago waits until hire + 30 days = today + 20.
      const newHireUser = await userWithRole(api, s.c, 'employee');
      const hireDate = addDays(s.today, -10);
      await hireAs(api, s.c, newHireUser, { locationId: s.location.id, hireDate });
      const firstDay = addDays(hireDate, 30);
      const early = await quote(api, newHireUser.token, { leaveTypeId: type.id, startDate: addDays(firstDay, -1), endDate: firstDay });
      expect(early).toMatchObject({ status: 422, body: { code: 'waiting_period', errors: [{ field: 'startDate' }] } });
      expect(early.body.detail).toContain(firstDay);
      const submitted = await api.post('/v1/timeoff-requests', { leaveTypeId: type.id, startDate: addDays(firstDay, -1), endDate: firstDay }, { token: newHireUser.token });
      expect(submitted.body.code).toBe('waiting_period');
      expect((await quote(api, newHireUser.token, { leaveTypeId: type.id, startDate: firstDay, endDate: addDays(firstDay, 2) })).status).toBe(200);
      // Someone hired in 2024 waited long ago.
      expect((await quote(api, s.workerUser.token, { leaveTypeId: type.id, startDate: addDays(s.today, 1), endDate: addDays(s.today, 2) })).status).toBe(200);
      expect((await api.get(`/v1/timeoff-requests`, s.hr)).body.items).toHaveLength(0);
    });

    test('maximum consecutive days: counted in calendar days, first to last', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'long');
      // Set on an existing type: the rules change with PATCH.
      const type = await s.leaveType({});
      const patched = await api.patch(`/v1/leave-types/${type.id}`, { maxConsecutiveDays: 5 }, s.hr);
      expect(patched).toMatchObject({ status: 200, body: { maxConsecutiveDays: 5, tracked: true } });
      expect((await api.patch(`/v1/leave-types/${type.id}`, { maxConsecutiveDays: 5 }, { token: s.workerUser.token })).status).toBe(403);
      const monday = nextMonday(s.today);
      // Monday to Friday is 5 days; Monday to Saturday is 6, though Saturday costs nothing.
      expect((await quote(api, s.workerUser.token, { leaveTypeId: type.id, startDate: monday, endDate: addDays(monday, 4) })).status).toBe(200);
      const six = await quote(api, s.workerUser.token, { leaveTypeId: type.id, startDate: monday, endDate: addDays(monday, 5) });
      expect(six).toMatchObject({ status: 422, body: { code: 'too_many_consecutive_days', errors: [{ field: 'endDate' }] } });
      const bad = await api.post('/v1/leave-types', { name: 'Odd', maxConsecutiveDays: 0 }, s.hr);
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('maxConsecutiveDays');
    });

    test('back-dating: an employee goes back at most maxBackdateDays; HR may go further', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'back');
      const type = await s.leaveType({ maxBackdateDays: 7 });
      const ok = await quote(api, s.workerUser.token, { leaveTypeId: type.id, startDate: addDays(s.today, -7), endDate: addDays(s.today, -7) });
      expect(ok.status).toBe(200);
      const old = await quote(api, s.workerUser.token, { leaveTypeId: type.id, startDate: addDays(s.today, -8), endDate: addDays(s.today, -8) });
      expect(old).toMatchObject({ status: 422, body: { code: 'backdated_too_far', errors: [{ field: 'startDate' }] } });
      expect((await quote(api, s.c.token, { employeeId: s.worker.id, leaveTypeId: type.id, startDate: addDays(s.today, -30), endDate: addDays(s.today, -30) })).status).toBe(200);
    });

    test('blackouts: HR closes dates for a department and its sub-departments; employees are refused naming the period; HR may still record', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'freeze');
      const type = await s.leaveType({ name: 'Vacation' });
      await api.post(`/v1/employees/${s.worker.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 10, reason: 'Opening' }, s.hr);
      const from = addDays(s.today, 14);
      const to = addDays(s.today, 16);
      const body = { name: 'Release freeze', startDate: from, endDate: to, appliesTo: { scope: 'department', departmentId: s.engineering.id } };
      expect((await api.post('/v1/timeoff-blackouts', body, { token: s.workerUser.token })).status).toBe(403);
      const backwards = await api.post('/v1/timeoff-blackouts', { ...body, endDate: addDays(from, -1) }, s.hr);
      expect(backwards).toMatchObject({ status: 422, body: { code: 'invalid_range', errors: [{ field: 'endDate' }] } });
      const unknown = await api.post('/v1/timeoff-blackouts', { ...body, appliesTo: { scope: 'department', departmentId: `dep_${'0'.repeat(26)}` } }, s.hr);
      expect(unknown).toMatchObject({ status: 422, body: { code: 'unknown_department', errors: [{ field: 'appliesTo.departmentId' }] } });
      const created = await api.post('/v1/timeoff-blackouts', body, s.hr);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id: expect.stringMatching(/^blk_/), name: 'Release freeze', leaveTypeIds: null });
      // Employees see the blackouts, to plan around them.
      expect((await api.get('/v1/timeoff-blackouts', { token: s.workerUser.token })).body.items).toHaveLength(1);

      // The worker is in Platform, under Engineering: a request sharing one day with the freeze is refused.
      const ask = { leaveTypeId: type.id, startDate: addDays(from, -3), endDate: from };
      const refused = await api.post('/v1/timeoff-requests', ask, { token: s.workerUser.token });
      expect(refused).toMatchObject({ status: 422, body: { code: 'blackout_period', errors: [{ field: 'startDate' }] } });
      expect(refused.body.detail).toContain('Release freeze');
      expect(refused.body.detail).toContain(from);
      expect((await quote(api, s.workerUser.token, ask)).body.code).toBe('blackout_period');
      expect((await api.get('/v1/timeoff-requests', s.hr)).body.items).toHaveLength(0);
      // The day before is open; Sales is not under Engineering.
      expect((await quote(api, s.workerUser.token, { ...ask, endDate: addDays(from, -1) })).status).toBe(200);
      expect((await quote(api, s.colleagueUser.token, ask)).status).toBe(200);
      // HR records leave in the freeze (a bereavement, a pre-agreed absence): allowed, under HR's name.
      const byHr = await api.post('/v1/timeoff-requests', { ...ask, employeeId: s.worker.id }, s.hr);
      expect(byHr.status).toBe(201);
      expect(byHr.body.submittedBy).toBe(s.c.ownerId);

      // A company-wide blackout closes everyone; lifting it opens the dates again.
      const yearEnd = await api.post('/v1/timeoff-blackouts', { name: 'Year-end close', startDate: addDays(s.today, 30), endDate: addDays(s.today, 31) }, s.hr);
      expect(yearEnd.body.appliesTo).toEqual({ scope: 'company' });
      const late = { leaveTypeId: type.id, startDate: addDays(s.today, 31), endDate: addDays(s.today, 31) };
      expect((await quote(api, s.colleagueUser.token, late)).body.code).toBe('blackout_period');
      expect((await api.delete(`/v1/timeoff-blackouts/${yearEnd.body.id}`, s.hr)).status).toBe(204);
      expect((await quote(api, s.colleagueUser.token, late)).status).toBe(200);
    });

    test('hours-based types count the hours of the employee’s schedule on each day, not a fixed 8', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'hours');
      const type = await s.leaveType({ name: 'Flexi', unit: 'hours' });
      // Monday 09:00–13:00 (4 h), Tuesday 09:00–17:30 (8.5 h), Wednesday off.
      const schedule = (await api.post('/v1/attendance/schedules', { name: 'Part time', days: { 1: { start: '09:00', end: '13:00' }, 2: { start: '09:00', end: '17:30' } } }, s.hr)).body;
      await api.request('PUT', `/v1/employees/${s.worker.id}/schedule`, { scheduleId: schedule.id }, s.hr);
      const monday = nextMonday(s.today);
      const q = await quote(api, s.workerUser.token, { leaveTypeId: type.id, startDate: monday, endDate: addDays(monday, 2) });
      expect(q.status).toBe(200);
      expect(q.body.days.map((d: { amount: number }) => d.amount)).toEqual([4, 8.5, 0]);
      expect(q.body.amount).toBe(12.5);
      // Without a schedule, a working day is 8 hours.
      const other = await quote(api, s.colleagueUser.token, { leaveTypeId: type.id, startDate: monday, endDate: addDays(monday, 2) });
      expect(other.body.days.map((d: { amount: number }) => d.amount)).toEqual([8, 8, 8]);
    });
  });
};
