import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole, type Company, hireAs } from './client';
import type { ContractCase } from './suite';

/** A company in Berlin with a worker (signed in as themself), their manager and a colleague. */
async function office(api: Api, prefix: string) {
  const c = await signUp(api, prefix);
  const location = (await api.post('/v1/locations', { name: 'Berlin', timeZone: 'Europe/Berlin' }, { token: c.token })).body;
  const boss = await userWithRole(api, c, 'manager');
  const worker = await userWithRole(api, c, 'employee');
  const colleague = await userWithRole(api, c, 'employee');
  const bossEmp = await hireAs(api, c, boss, { locationId: location.id });
  const emp = await hireAs(api, c, worker, { locationId: location.id, managerId: bossEmp.id });
  await hireAs(api, c, colleague, { locationId: location.id });
  return { c, location, boss, worker, colleague, emp };
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const punch = (api: Api, token: string, body: Record<string, unknown>) =>
  api.post('/v1/attendance/punches', { source: 'mobile', clientEventId: crypto.randomUUID(), ...body }, { token });

async function activePunches(api: Api, c: Company, employeeId: string, from: string, to: string) {
  const res = await api.get(`/v1/attendance/punches?employeeId=${employeeId}&from=${from}&to=${to}`, { token: c.token });
  return res.body.items as { id: string; kind: string; at: string; status: string; supersededBy: string | null; correctionId: string | null }[];
}

export const attendanceContract: ContractCase = (target) => {
  describe('attendance', () => {
    test('punches (recorded by HR at given times): stored in UTC with the zone; a retried clientEventId is counted once (200); no double in, no out without in, none in the future', async () => {
      const api = new Api(target().baseUrl);
      const { c, worker, emp } = await office(api, 'punch');
      const first = await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-10T09:00:00+01:00', clientEventId: 'phone-1' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ employeeId: emp.id, kind: 'in', at: '2025-03-10T08:00:00.000Z', timeZone: 'Europe/Berlin', workDate: '2025-03-10', source: 'mobile', status: 'active' });
      const retry = await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-10T09:00:00+01:00', clientEventId: 'phone-1' });
      expect(retry.status).toBe(200);
      expect(retry.body.id).toBe(first.body.id);
      expect(retry.body.replayed).toBe(true);
      const reused = await punch(api, c.token, { employeeId: emp.id, kind: 'out', clientEventId: 'phone-1' });
      expect(reused).toMatchObject({ status: 409, body: { code: 'client_event_id_reused' } });

      const twice = await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-10T08:30:00Z' });
      expect(twice).toMatchObject({ status: 409, body: { code: 'already_clocked_in', errors: [{ field: 'kind' }] } });
      const early = await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-10T07:00:00Z' });
      expect(early).toMatchObject({ status: 409, body: { code: 'punch_before_last', errors: [{ field: 'at' }] } });
      expect((await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-10T16:00:00Z' })).status).toBe(201);
      const noShift = await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-10T17:00:00Z' });
      expect(noShift).toMatchObject({ status: 409, body: { code: 'not_clocked_in' } });

      const future = await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: new Date(Date.now() + 3_600_000).toISOString() });
      expect(future).toMatchObject({ status: 422, body: { code: 'punch_in_future', errors: [{ field: 'at' }] } });
      const noId = await api.post('/v1/attendance/punches', { kind: 'in', source: 'web' }, { token: worker.token });
      expect(noId.status).toBe(400);
      expect(noId.body.errors[0].field).toBe('clientEventId');
      const badSource = await punch(api, c.token, { employeeId: emp.id, kind: 'in', source: 'fax' });
      expect(badSource.body.errors[0].field).toBe('source');

      // None of the refused punches was written.
      expect((await activePunches(api, c, emp.id, '2025-03-10', '2025-03-10')).map((p) => p.kind)).toEqual(['in', 'out']);
    });

    test('a night shift belongs to the date it began; the clock-out carries the clock-in’s work date', async () => {
      const api = new Api(target().baseUrl);
      const { c, emp } = await office(api, 'night');
      const clockIn = await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-11T21:30:00Z' });
      const clockOut = await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-12T05:30:00Z' });
      expect(clockIn.body.workDate).toBe('2025-03-11');
      expect(clockOut.body.workDate).toBe('2025-03-11');
      const days = await api.get(`/v1/attendance/days?employeeId=${clockIn.body.employeeId}&from=2025-03-11&to=2025-03-12`, { token: c.token });
      expect(days.body.items.map((d: { workedMinutes: number }) => d.workedMinutes)).toEqual([480, 0]);
    });

    test('employees punch only for themselves; HR for anyone; another company cannot reach the employee', async () => {
      const api = new Api(target().baseUrl);
      const { c, colleague, boss, emp } = await office(api, 'who');
      expect((await punch(api, colleague.token, { kind: 'in', employeeId: emp.id })).status).toBe(403);
      expect((await punch(api, boss.token, { kind: 'in', employeeId: emp.id })).status).toBe(403);
      const hr = await userWithRole(api, c, 'hr');
      const byHr = await punch(api, hr.token, { kind: 'in', employeeId: emp.id, source: 'web' });
      expect(byHr.status).toBe(201);
      const unlinked = await punch(api, hr.token, { kind: 'in' });
      expect(unlinked).toMatchObject({ status: 422, body: { code: 'no_employee_record', errors: [{ field: 'employeeId' }] } });
      // HR staff with an employee record of their own clock in like anyone else.
      const hrRecord = await hireAs(api, c, hr);
      const own = await punch(api, hr.token, { kind: 'in' });
      expect(own.status).toBe(201);
      expect(own.body.employeeId).toBe(hrRecord.id);
      const other = await signUp(api, 'who-else');
      expect((await punch(api, other.token, { kind: 'out', employeeId: emp.id })).status).toBe(404);
      expect((await api.get(`/v1/attendance/days?employeeId=${emp.id}&from=2025-03-10&to=2025-03-10`, { token: other.token })).status).toBe(404);
    });

    test('schedules: validated per weekday, assigned to employees; days show lateness, absence and holidays; timesheet totals them; visibility applies', async () => {
      const api = new Api(target().baseUrl);
      const { c, location, worker, boss, colleague, emp } = await office(api, 'days');
      const nine = { start: '09:00', end: '17:00' };
      const bad = await api.post('/v1/attendance/schedules', { name: 'Office', days: { 1: { start: '25:00', end: '17:00' } } }, { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('days.1.start');
      const none = await api.post('/v1/attendance/schedules', { name: 'Office', days: {} }, { token: c.token });
      expect(none.body.errors[0].field).toBe('days');
      expect((await api.post('/v1/attendance/schedules', { name: 'Office', days: { 1: nine } }, { token: worker.token })).status).toBe(403);
      const schedule = await api.post('/v1/attendance/schedules', { name: 'Office', days: { 1: nine, 2: nine, 3: nine, 4: nine, 5: nine }, graceMinutes: 5 }, { token: c.token });
      expect(schedule.status).toBe(201);
      expect(schedule.body.id).toMatch(/^wsc_/);
      expect((await api.get(`/v1/attendance/schedules/${schedule.body.id}`, { token: worker.token })).body.days['1']).toEqual(nine);
      expect((await api.get('/v1/attendance/schedules', { token: worker.token })).body.items).toHaveLength(1);
      const unknown = await api.request('PUT', `/v1/employees/${emp.id}/schedule`, { scheduleId: `wsc_${'0'.repeat(26)}` }, { token: c.token });
      expect(unknown).toMatchObject({ status: 422, body: { code: 'unknown_schedule' } });
      const assigned = await api.request('PUT', `/v1/employees/${emp.id}/schedule`, { scheduleId: schedule.body.id }, { token: c.token });
      expect(assigned.status).toBe(200);
      expect((await api.get(`/v1/employees/${emp.id}/schedule`, { token: worker.token })).body.schedule.id).toBe(schedule.body.id);
      await api.post(`/v1/locations/${location.id}/holidays`, { date: '2025-03-12', name: 'Founders Day' }, { token: c.token });

      // Monday 10 March 2025: in at 09:10 Berlin (10 minutes late), out at 17:10. Tuesday: nothing.
      await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-10T08:10:00Z' });
      await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-10T16:10:00Z' });
      await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-13T08:00:00Z' });
      await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-13T12:00:00Z' });

      const path = `/v1/attendance/days?employeeId=${emp.id}&from=2025-03-10&to=2025-03-16`;
      const days = await api.get(path, { token: worker.token });
      expect(days.status).toBe(200);
      expect(days.body.timeZone).toBe('Europe/Berlin');
      const by = Object.fromEntries(days.body.items.map((d: { date: string }) => [d.date, d]));
      expect(by['2025-03-10']).toMatchObject({ workedMinutes: 480, late: true, lateMinutes: 10, absent: false, scheduled: { start: '09:00', end: '17:00', minutes: 480 } });
      expect(by['2025-03-10'].shifts).toHaveLength(1);
      expect(by['2025-03-11']).toMatchObject({ workedMinutes: 0, absent: true });
      expect(by['2025-03-12']).toMatchObject({ absent: false, dayKind: 'holiday', holiday: 'Founders Day', scheduled: null });
      expect(by['2025-03-13']).toMatchObject({ workedMinutes: 240, late: false });
      expect(by['2025-03-14']).toMatchObject({ absent: true });
      expect(by['2025-03-15']).toMatchObject({ scheduled: null, absent: false });

      const paged = await api.get(`${path}&limit=3`, { token: worker.token });
      expect(paged.body.items.map((d: { date: string }) => d.date)).toEqual(['2025-03-10', '2025-03-11', '2025-03-12']);
      const rest = await api.get(`${path}&limit=10&cursor=${paged.body.nextCursor}`, { token: worker.token });
      expect(rest.body.items[0].date).toBe('2025-03-13');
      expect(rest.body.nextCursor).toBeNull();

      const sheet = await api.get(`/v1/attendance/timesheet?employeeId=${emp.id}&from=2025-03-10&to=2025-03-16`, { token: boss.token });
      expect(sheet.status).toBe(200);
      expect(sheet.body.days).toHaveLength(7);
      expect(sheet.body.totals).toEqual({ workedMinutes: 720, workedHours: 12, scheduledMinutes: 1920, scheduledDays: 4, lateArrivals: 1, absences: 2, leaveDays: 0 });

      // Friday was taken off after all: approved leave is not an absence, and counts as leave taken.
      const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
      await api.post(`/v1/employees/${emp.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 5, reason: 'Opening', effectiveOn: '2025-01-01' }, { token: c.token });
      const leave = await api.post('/v1/timeoff-requests', { employeeId: emp.id, leaveTypeId: type.id, startDate: '2025-03-14', endDate: '2025-03-14' }, { token: c.token });
      expect(leave.status).toBe(201);
      expect((await api.post(`/v1/timeoff-requests/${leave.body.id}/approve`, { comment: 'For the manager, who is away' }, { token: c.token })).body.status).toBe('approved');
      const after = await api.get(`/v1/attendance/timesheet?employeeId=${emp.id}&from=2025-03-10&to=2025-03-16`, { token: boss.token });
      expect(after.body.days.find((d: { date: string }) => d.date === '2025-03-14')).toMatchObject({ absent: false, leaveDays: 1 });
      expect(after.body.totals).toMatchObject({ absences: 1, leaveDays: 1 });

      expect((await api.get(path, { token: colleague.token })).status).toBe(404);
      expect((await api.get(`/v1/attendance/timesheet?employeeId=${emp.id}&from=2025-03-10&to=2025-03-16`, { token: colleague.token })).status).toBe(404);
      expect((await api.get(`/v1/employees/${emp.id}/schedule`, { token: colleague.token })).status).toBe(404);
      const backwards = await api.get(`/v1/attendance/days?employeeId=${emp.id}&from=2025-03-16&to=2025-03-10`, { token: c.token });
      // A rule between two fields, which the API document cannot state: 422 with its code, not 400.
      expect([backwards.status, backwards.body.code, backwards.body.errors[0].field]).toEqual([422, 'invalid_range', 'to']);
      const tooLong = await api.get(`/v1/attendance/timesheet?employeeId=${emp.id}&from=2024-01-01&to=2025-03-10`, { token: c.token });
      expect([tooLong.status, tooLong.body.code, tooLong.body.errors[0].field]).toEqual([422, 'range_too_long', 'to']);
    });

    test('corrections: HR only, with a reason; originals kept as superseded; invalid days refused and nothing written', async () => {
      const api = new Api(target().baseUrl);
      const { c, worker, emp } = await office(api, 'fix');
      const nine = { start: '09:00', end: '17:00' };
      const schedule = (await api.post('/v1/attendance/schedules', { name: 'Office', days: { 1: nine, 2: nine }, graceMinutes: 0 }, { token: c.token })).body;
      await api.request('PUT', `/v1/employees/${emp.id}/schedule`, { scheduleId: schedule.id }, { token: c.token });
      const lateIn = (await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-10T08:30:00Z' })).body;
      const out = (await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-10T16:00:00Z' })).body;
      await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-12T08:00:00Z' });
      const hr = await userWithRole(api, c, 'hr');

      const self = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-10', punchId: lateIn.id, at: '2025-03-10T08:00:00Z', reason: 'Forgot' }, { token: worker.token });
      expect(self.status).toBe(403);
      const noReason = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-10', punchId: lateIn.id, at: '2025-03-10T08:00:00Z' }, { token: hr.token });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      const both = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-10', punchId: lateIn.id, punches: [], reason: 'x' }, { token: hr.token });
      expect([both.status, both.body.code, both.body.errors[0].field]).toEqual([422, 'conflicting_fields', 'punchId']);

      const moved = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-10', punchId: lateIn.id, at: '2025-03-10T08:00:00Z', reason: 'Badge reader was down' }, { token: hr.token });
      expect(moved.status).toBe(201);
      expect(moved.body.correction).toMatchObject({ reason: 'Badge reader was down', before: [{ id: lateIn.id }, { id: out.id }] });
      const monday = await activePunches(api, c, emp.id, '2025-03-10', '2025-03-10');
      expect(monday.find((p) => p.id === lateIn.id)).toMatchObject({ status: 'superseded', supersededBy: moved.body.correction.id });
      expect(monday.filter((p) => p.status === 'active').map((p) => p.at)).toEqual(['2025-03-10T08:00:00.000Z', '2025-03-10T16:00:00.000Z']);
      const day = (await api.get(`/v1/attendance/days?employeeId=${emp.id}&from=2025-03-10&to=2025-03-11`, { token: c.token })).body.items;
      expect(day[0]).toMatchObject({ late: false, workedMinutes: 480 });
      expect(day[1]).toMatchObject({ absent: true });

      // Tuesday was worked but not punched: HR writes the day.
      const added = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-11', punches: [{ kind: 'in', at: '2025-03-11T08:00:00Z' }, { kind: 'out', at: '2025-03-11T12:00:00Z' }], reason: 'Phone lost' }, { token: hr.token });
      expect(added.status).toBe(201);
      expect(added.body.punches.map((p: { source: string }) => p.source)).toEqual(['correction', 'correction']);
      const tuesday = (await api.get(`/v1/attendance/days?employeeId=${emp.id}&from=2025-03-11&to=2025-03-11`, { token: c.token })).body.items[0];
      expect(tuesday).toMatchObject({ absent: false, workedMinutes: 240 });

      const before = await activePunches(api, c, emp.id, '2025-03-10', '2025-03-12');
      const outFirst = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-11', punches: [{ kind: 'out', at: '2025-03-11T08:00:00Z' }], reason: 'x' }, { token: hr.token });
      expect(outFirst).toMatchObject({ status: 422, body: { code: 'invalid_punch_sequence' } });
      const overlap = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-11', punches: [{ kind: 'in', at: '2025-03-11T08:00:00Z' }, { kind: 'out', at: '2025-03-12T09:00:00Z' }], reason: 'x' }, { token: hr.token });
      expect(overlap).toMatchObject({ status: 409, body: { code: 'overlaps_other_shift' } });
      const wrongDay = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-11', punches: [{ kind: 'in', at: '2025-03-11T23:30:00Z' }], reason: 'x' }, { token: hr.token });
      expect(wrongDay).toMatchObject({ status: 422, body: { code: 'punch_outside_work_date', errors: [{ field: 'punches.0.at' }] } });
      const stale = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: '2025-03-10', punchId: lateIn.id, delete: true, reason: 'x' }, { token: hr.token });
      expect(stale).toMatchObject({ status: 409, body: { code: 'punch_superseded' } });
      expect(await activePunches(api, c, emp.id, '2025-03-10', '2025-03-12')).toEqual(before);
    });

    test('a self-service punch is stamped with the server time; a device time within 2 minutes is kept as clientAt; further off is refused naming at', async () => {
      const api = new Api(target().baseUrl);
      const { c, worker, emp } = await office(api, 'clock');
      const device = new Date(Date.now() - 60_000).toISOString();
      const before = Date.now();
      const clockIn = await punch(api, worker.token, { kind: 'in', at: device });
      expect(clockIn.status).toBe(201);
      expect(clockIn.body.clientAt).toBe(device);
      expect(Date.parse(clockIn.body.at)).toBeGreaterThanOrEqual(before - 1_000);
      expect(Date.parse(clockIn.body.at)).toBeLessThanOrEqual(Date.now() + 1_000);
      // "Yesterday 05:00" from the employee's phone is not a record.
      const yesterday = new Date(Date.now() - 86_400_000);
      yesterday.setUTCHours(4, 0, 0, 0);
      const backdated = await punch(api, worker.token, { kind: 'out', at: yesterday.toISOString() });
      expect(backdated).toMatchObject({ status: 422, body: { code: 'clock_skew', errors: [{ field: 'at' }] } });
      const skewed = await punch(api, worker.token, { kind: 'out', at: new Date(Date.now() - 3 * 60_000).toISOString() });
      expect(skewed.body.code).toBe('clock_skew');
      // HR staff punching for themselves are self-service too.
      const hr = await userWithRole(api, c, 'hr');
      await hireAs(api, c, hr);
      expect((await punch(api, hr.token, { kind: 'in', at: yesterday.toISOString() })).body.code).toBe('clock_skew');
      const clockOut = await punch(api, worker.token, { kind: 'out' });
      expect(clockOut.status).toBe(201);
      expect(clockOut.body.clientAt).toBeNull();
      const today = clockIn.body.workDate;
      const all = await activePunches(api, c, emp.id, addDays(today, -2), today);
      expect(all.map((p) => p.kind)).toEqual(['in', 'out']);
    });

    test('only HR or a kiosk key records punches for others or at other times; source "kiosk" only from a kiosk key', async () => {
      const api = new Api(target().baseUrl);
      const { c, worker, emp } = await office(api, 'kiosk');
      const claimed = await punch(api, worker.token, { kind: 'in', source: 'kiosk' });
      expect(claimed).toMatchObject({ status: 422, body: { code: 'kiosk_source_not_allowed', errors: [{ field: 'source' }] } });
      const byHr = await punch(api, c.token, { kind: 'in', employeeId: emp.id, source: 'kiosk' });
      expect(byHr.body.code).toBe('kiosk_source_not_allowed');
      const strong = await api.post('/v1/api-keys', { name: 'Lobby', role: 'hr', kiosk: true }, { token: c.token });
      expect(strong).toMatchObject({ status: 422, body: { code: 'kiosk_role', errors: [{ field: 'role' }] } });
      const kiosk = await api.post('/v1/api-keys', { name: 'Lobby', role: 'employee', kiosk: true }, { token: c.token });
      expect(kiosk.status).toBe(201);
      expect(kiosk.body.kiosk).toBe(true);
      const plain = (await api.post('/v1/api-keys', { name: 'Reader', role: 'employee' }, { token: c.token })).body;
      expect(plain.kiosk).toBe(false);
      expect((await punch(api, plain.key, { kind: 'in', employeeId: emp.id })).status).toBe(403);
      // The kiosk was offline ten minutes: its buffered punch keeps its time, and is a kiosk punch whatever it says.
      const buffered = new Date(Date.now() - 10 * 60_000).toISOString();
      const fromKiosk = await punch(api, kiosk.body.key, { kind: 'in', employeeId: emp.id, at: buffered, source: 'web' });
      expect(fromKiosk.status).toBe(201);
      expect(fromKiosk.body).toMatchObject({ source: 'kiosk', at: buffered, employeeId: emp.id });
      const ancient = await punch(api, kiosk.body.key, { kind: 'out', employeeId: emp.id, at: new Date(Date.now() - 8 * 86_400_000).toISOString() });
      expect(ancient).toMatchObject({ status: 422, body: { code: 'kiosk_punch_too_old', errors: [{ field: 'at' }] } });
      // HR records a forgotten clock-out at another time.
      const out = new Date(Date.now() - 5 * 60_000).toISOString();
      expect((await punch(api, c.token, { kind: 'out', employeeId: emp.id, at: out, source: 'web' })).body).toMatchObject({ at: out, source: 'web' });
    });

    test("a shift longer than the schedule's maximum is flagged for HR, not counted; its clock-out is refused, a new clock-in accepted", async () => {
      const api = new Api(target().baseUrl);
      const { c, emp } = await office(api, 'long');
      const nine = { start: '09:00', end: '17:00' };
      const standard = (await api.post('/v1/attendance/schedules', { name: 'Default', days: { 1: nine } }, { token: c.token })).body;
      expect(standard.maxShiftMinutes).toBe(960);
      const schedule = (await api.post('/v1/attendance/schedules', { name: 'Office', days: { 1: nine, 2: nine }, maxShiftMinutes: 600 }, { token: c.token })).body;
      await api.request('PUT', `/v1/employees/${emp.id}/schedule`, { scheduleId: schedule.id }, { token: c.token });
      // In at 07:00 Berlin on Monday 10 March 2025; 11 hours later is past the 10-hour limit.
      await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-10T06:00:00Z' });
      const late = await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-10T17:00:00Z' });
      expect(late).toMatchObject({ status: 409, body: { code: 'shift_too_long', errors: [{ field: 'kind' }] } });
      expect((await punch(api, c.token, { employeeId: emp.id, kind: 'in', at: '2025-03-11T07:00:00Z' })).status).toBe(201);
      const days = (await api.get(`/v1/attendance/days?employeeId=${emp.id}&from=2025-03-10&to=2025-03-11`, { token: c.token })).body.items;
      expect(days[0].shifts).toEqual([expect.objectContaining({ out: null, flag: 'missing_clock_out' })]);
      expect(days[0].workedMinutes).toBe(0);
      // Within the limit nothing is flagged.
      expect((await punch(api, c.token, { employeeId: emp.id, kind: 'out', at: '2025-03-11T15:00:00Z' })).status).toBe(201);
      const tuesday = (await api.get(`/v1/attendance/days?employeeId=${emp.id}&from=2025-03-11&to=2025-03-11`, { token: c.token })).body.items[0];
      expect(tuesday).toMatchObject({ workedMinutes: 480, shifts: [{ flag: null }] });
    });

    test('no punch before the hire date or after the last day', async () => {
      const api = new Api(target().baseUrl);
      const { c, location, emp } = await office(api, 'employed');
      const today = new Date().toISOString().slice(0, 10);
      const starter = await userWithRole(api, c, 'employee');
      const future = await hireAs(api, c, starter, { locationId: location.id, hireDate: addDays(today, 60) });
      const early = await punch(api, starter.token, { kind: 'in' });
      expect(early).toMatchObject({ status: 422, body: { code: 'before_hire', errors: [{ field: 'employeeId' }] } });
      expect((await punch(api, c.token, { kind: 'in', employeeId: future.id })).body.code).toBe('before_hire');

      // The worker's last day was three days ago: HR still records that day, nothing after it.
      const lastDay = addDays(today, -3);
      const left = await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'termination', effectiveDate: lastDay, reason: 'Resigned' }, { token: c.token });
      expect(left.status).toBe(201);
      expect((await punch(api, c.token, { kind: 'in', employeeId: emp.id, at: `${lastDay}T08:00:00Z` })).status).toBe(201);
      expect((await punch(api, c.token, { kind: 'out', employeeId: emp.id, at: `${lastDay}T15:00:00Z` })).status).toBe(201);
      const after = await punch(api, c.token, { kind: 'in', employeeId: emp.id, at: `${addDays(lastDay, 1)}T08:00:00Z` });
      expect(after).toMatchObject({ status: 422, body: { code: 'after_last_day', errors: [{ field: 'at' }] } });
      expect((await punch(api, c.token, { kind: 'in', employeeId: emp.id })).body.code).toBe('after_last_day');
      const corrected = await api.post('/v1/attendance/corrections', { employeeId: emp.id, workDate: addDays(lastDay, 1), punches: [{ kind: 'in', at: `${addDays(lastDay, 1)}T08:00:00Z` }], reason: 'x' }, { token: c.token });
      expect(corrected).toMatchObject({ status: 422, body: { code: 'after_last_day', errors: [{ field: 'workDate' }] } });
      expect((await activePunches(api, c, emp.id, addDays(lastDay, -1), today)).map((p) => p.kind)).toEqual(['in', 'out']);
    });
  });
};
