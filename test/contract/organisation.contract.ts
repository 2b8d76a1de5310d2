import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

export const organisationContract: ContractCase = (target) => {
  describe('organisation', () => {
    test('departments form a tree: create, rename with If-Match, move, and never under themselves', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'dept');
      const eng = await api.post('/v1/departments', { name: 'Engineering' }, { token: c.token });
      expect(eng.status).toBe(201);
      expect(eng.body).toMatchObject({ name: 'Engineering', parentId: null, archivedAt: null });
      const platform = (await api.post('/v1/departments', { name: 'Platform', parentId: eng.body.id }, { token: c.token })).body;
      const infra = (await api.post('/v1/departments', { name: 'Infra', parentId: platform.id }, { token: c.token })).body;
      const sibling = await api.post('/v1/departments', { name: 'platform', parentId: eng.body.id }, { token: c.token });
      expect(sibling.status).toBe(409);
      expect(sibling.body.code).toBe('department_name_taken');

      const etag = eng.headers.get('etag')!;
      const cycle = await api.patch(`/v1/departments/${eng.body.id}`, { parentId: infra.id }, { token: c.token, headers: { 'if-match': etag } });
      expect(cycle.status).toBe(422);
      expect(cycle.body).toMatchObject({ code: 'department_cycle', errors: [{ field: 'parentId' }] });
      const renamed = await api.patch(`/v1/departments/${eng.body.id}`, { name: 'R&D' }, { token: c.token, headers: { 'if-match': etag } });
      expect(renamed.status).toBe(200);
      const stale = await api.patch(`/v1/departments/${eng.body.id}`, { name: 'Stale' }, { token: c.token, headers: { 'if-match': etag } });
      expect(stale.status).toBe(412);
      const moved = await api.patch(`/v1/departments/${infra.id}`, { parentId: eng.body.id }, { token: c.token, headers: { 'if-match': '"v1"' } });
      expect(moved.body.parentId).toBe(eng.body.id);

      const top = await api.get('/v1/departments?parentId=none', { token: c.token });
      expect(top.body.items.map((d: { name: string }) => d.name)).toEqual(['R&D']);
      const under = await api.get(`/v1/departments?parentId=${eng.body.id}`, { token: c.token });
      expect(under.body.items.map((d: { name: string }) => d.name)).toEqual(['Infra', 'Platform']);
    });

    test('a department is archived only when empty; a head must be a current employee', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'archive');
      const ops = (await api.post('/v1/departments', { name: 'Ops' }, { token: c.token })).body;
      const child = (await api.post('/v1/departments', { name: 'Night shift', parentId: ops.id }, { token: c.token })).body;
      const emp = (await api.post('/v1/employees', newEmployee({ departmentId: child.id }), { token: c.token })).body;
      expect(emp.department).toBe('Night shift');
      const badHead = await api.post('/v1/departments', { name: 'X', headEmployeeId: 'emp_01aaaaaaaaaaaaaaaaaaaaaaaa' }, { token: c.token });
      expect(badHead.body.code).toBe('unknown_employee');
      const head = await api.patch(`/v1/departments/${ops.id}`, { headEmployeeId: emp.id }, { token: c.token, headers: { 'if-match': '"v1"' } });
      expect(head.body.headEmployeeId).toBe(emp.id);

      const notEmpty = await api.post(`/v1/departments/${ops.id}/archive`, {}, { token: c.token });
      expect(notEmpty.status).toBe(409);
      expect(notEmpty.body.code).toBe('department_not_empty');
      const staffed = await api.post(`/v1/departments/${child.id}/archive`, {}, { token: c.token });
      expect(staffed.body.code).toBe('department_not_empty');
      await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'termination', effectiveDate: '2024-12-31', reason: 'Moved abroad' }, { token: c.token });
      const archived = await api.post(`/v1/departments/${child.id}/archive`, {}, { token: c.token });
      expect(archived.status).toBe(200);
      expect(archived.body.archivedAt).not.toBeNull();
      const hidden = await api.get(`/v1/departments?parentId=${ops.id}`, { token: c.token });
      expect(hidden.body.items).toEqual([]);
      const hire = await api.post('/v1/employees', newEmployee({ departmentId: child.id }), { token: c.token });
      expect(hire.body.code).toBe('unknown_department');
    });

    test('locations carry a valid time zone, a weekend and a holiday calendar', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'loc');
      const bad = await api.post('/v1/locations', { name: 'Mars', timeZone: 'Mars/Olympus', weekendDays: [0, 1, 2, 3, 4, 5, 6] }, { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['timeZone', 'weekendDays']);
      const dubai = await api.post('/v1/locations', { name: 'Dubai', timeZone: 'Asia/Dubai', weekendDays: [6, 0], country: 'AE' }, { token: c.token });
      expect(dubai.status).toBe(201);
      expect(dubai.body).toMatchObject({ timeZone: 'Asia/Dubai', weekendDays: [0, 6] });
      const day = await api.post(`/v1/locations/${dubai.body.id}/holidays`, { date: '2026-12-02', name: 'National Day' }, { token: c.token });
      expect(day.status).toBe(201);
      const twice = await api.post(`/v1/locations/${dubai.body.id}/holidays`, { date: '2026-12-02', name: 'Again' }, { token: c.token });
      expect(twice.body.code).toBe('holiday_exists');
      await api.post(`/v1/locations/${dubai.body.id}/holidays`, { date: '2027-01-01', name: "New Year's Day" }, { token: c.token });
      const y2026 = await api.get(`/v1/locations/${dubai.body.id}/holidays?year=2026`, { token: c.token });
      expect(y2026.body.items).toEqual([{ date: '2026-12-02', name: 'National Day', halfDay: false }]);
      // A reply with no body is remembered for a retried idempotent request like any other.
      const remove = () => api.delete(`/v1/locations/${dubai.body.id}/holidays/2026-12-02`, { token: c.token, headers: { 'idempotency-key': `rm-${dubai.body.id}` } });
      expect((await remove()).status).toBe(204);
      expect((await remove()).status).toBe(204);
      expect((await api.get(`/v1/locations/${dubai.body.id}/holidays?year=2026`, { token: c.token })).body.items).toEqual([]);
      const emp = await api.post('/v1/employees', newEmployee({ locationId: dubai.body.id }), { token: c.token });
      expect(emp.body.location).toBe('Dubai');
    });

    test('only HR, admins and owners shape the organisation', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'orgrole');
      const manager = await userWithRole(api, c, 'manager');
      expect((await api.post('/v1/departments', { name: 'Shadow IT' }, { token: manager.token })).status).toBe(403);
      expect((await api.post('/v1/locations', { name: 'Home', timeZone: 'UTC' }, { token: manager.token })).status).toBe(403);
      expect((await api.post('/v1/job-titles', { name: 'Chief' }, { token: manager.token })).status).toBe(403);
      expect((await api.post('/v1/job-titles', { name: 'Engineer' }, { token: c.token })).status).toBe(201);
      expect((await api.post('/v1/job-titles', { name: 'engineer' }, { token: c.token })).body.code).toBe('job_title_exists');
      expect((await api.get('/v1/job-titles', { token: manager.token })).body.items.map((j: { name: string }) => j.name)).toEqual(['Engineer']);
    });

    test('the org chart is the reporting tree from the top or from anyone', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'chart');
      const ceo = (await api.post('/v1/employees', newEmployee({ lastName: 'Ceo' }), { token: c.token })).body;
      const cto = (await api.post('/v1/employees', newEmployee({ lastName: 'Cto', managerId: ceo.id }), { token: c.token })).body;
      const cfo = (await api.post('/v1/employees', newEmployee({ lastName: 'Cfo', managerId: ceo.id }), { token: c.token })).body;
      const dev = (await api.post('/v1/employees', newEmployee({ lastName: 'Dev', managerId: cto.id }), { token: c.token })).body;
      const full = await api.get('/v1/org-chart?depth=5', { token: c.token });
      expect(full.body.items.map((n: { id: string }) => n.id)).toEqual([ceo.id]);
      expect(full.body.items[0].reports.map((n: { id: string }) => n.id)).toEqual([cfo.id, cto.id]);
      const shallow = await api.get('/v1/org-chart?depth=1', { token: c.token });
      expect(shallow.body.items[0]).toMatchObject({ reportCount: 2, reports: [] });
      const fromCto = await api.get(`/v1/org-chart?root=${cto.id}`, { token: c.token });
      expect(fromCto.body.items[0].reports.map((n: { id: string }) => n.id)).toEqual([dev.id]);
    });
  });
};

export const optimisticUpdatesContract: ContractCase = (target) => {
  describe('updates without a version carry a content ETag', () => {
    test('settings, a role, an approval chain and a schedule: a stale If-Match is 412 and changes nothing', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'cetag');
      const read = await api.get('/v1/settings', { token: c.token });
      const etag = read.headers.get('etag')!;
      expect(etag).toMatch(/^"c[0-9a-z]+"$/);
      const first = await api.patch('/v1/settings', { timeZone: 'Europe/Paris' }, { token: c.token, headers: { 'if-match': etag } });
      expect(first.status).toBe(200);
      expect(first.headers.get('etag')).not.toBe(etag);
      const stale = await api.patch('/v1/settings', { timeZone: 'Asia/Tokyo' }, { token: c.token, headers: { 'if-match': etag } });
      expect(stale.status).toBe(412);
      expect((await api.get('/v1/settings', { token: c.token })).body.timeZone).toBe('Europe/Paris');

      const hr = await userWithRole(api, c, 'hr');
      const user = await api.get(`/v1/users/${hr.id}`, { token: c.token });
      await api.patch(`/v1/users/${hr.id}`, { role: 'manager' }, { token: c.token });
      const staleRole = await api.patch(`/v1/users/${hr.id}`, { role: 'admin' }, { token: c.token, headers: { 'if-match': user.headers.get('etag')! } });
      expect(staleRole.status).toBe(412);
      expect((await api.get(`/v1/users/${hr.id}`, { token: c.token })).body.role).toBe('manager');

      const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
      const chain = await api.get(`/v1/leave-types/${type.id}/approval-chain`, { token: c.token });
      await api.request('PUT', `/v1/leave-types/${type.id}/approval-chain`, { steps: [{ approver: 'hr' }] }, { token: c.token });
      const staleChain = await api.request('PUT', `/v1/leave-types/${type.id}/approval-chain`, { steps: [] }, { token: c.token, headers: { 'if-match': chain.headers.get('etag')! } });
      expect(staleChain.status).toBe(412);

      const emp = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body;
      const schedule = (await api.post('/v1/attendance/schedules', { name: 'Office', days: { 1: { start: '09:00', end: '17:00' } } }, { token: c.token })).body;
      const none = await api.get(`/v1/employees/${emp.id}/schedule`, { token: c.token });
      await api.request('PUT', `/v1/employees/${emp.id}/schedule`, { scheduleId: schedule.id }, { token: c.token });
      const staleSchedule = await api.request('PUT', `/v1/employees/${emp.id}/schedule`, { scheduleId: null }, { token: c.token, headers: { 'if-match': none.headers.get('etag')! } });
      expect(staleSchedule.status).toBe(412);
      expect((await api.get(`/v1/employees/${emp.id}/schedule`, { token: c.token })).body.schedule.id).toBe(schedule.id);
    });
  });
};
