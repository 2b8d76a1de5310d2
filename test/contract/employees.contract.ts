import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

export const employeesContract: ContractCase = (target) => {
  describe('employees', () => {
    test('create returns the employee with its id and an ETag; read returns the same', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'emp');
      const input = newEmployee({ jobTitle: 'Engineer', department: 'R&D' });
      const created = await api.post('/v1/employees', input, { token: c.token });
      expect(created.status).toBe(201);
      const employee = structuredClone(created.body);
      expect(employee.id).toMatch(/^emp_[0-9a-z]{26}$/);
      expect(employee).toMatchObject({ ...input, status: 'active', managerId: null });
      const etag = created.headers.get('etag');
      expect(etag).toBeTruthy();
      const read = await api.get(`/v1/employees/${employee.id}`, { token: c.token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(employee);
      expect(read.headers.get('etag')).toBe(etag);
    });

    test('update needs If-Match: missing is 428, stale is 412 and changes nothing', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'etag');
      const created = await api.post('/v1/employees', newEmployee(), { token: c.token });
      const id = created.body.id;
      const etag = created.headers.get('etag')!;

      const missing = await api.patch(`/v1/employees/${id}`, { jobTitle: 'Lead' }, { token: c.token });
      expect(missing.status).toBe(428);

      const first = await api.patch(`/v1/employees/${id}`, { jobTitle: 'Lead' }, { token: c.token, headers: { 'if-match': etag } });
      expect(first.status).toBe(200);
      expect(first.body.jobTitle).toBe('Lead');
      expect(first.headers.get('etag')).not.toBe(etag);

      // A second HR admin still holding the old ETag cannot overwrite silently.
      const stale = await api.patch(`/v1/employees/${id}`, { jobTitle: 'Intern' }, { token: c.token, headers: { 'if-match': etag } });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('precondition_failed');
      const now = await api.get(`/v1/employees/${id}`, { token: c.token });
      expect(now.body.jobTitle).toBe('Lead');
      expect(now.headers.get('etag')).toBe(first.headers.get('etag'));
    });

    test('a work email is unique in the tenant; the duplicate writes nothing', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'uniq');
      const a = newEmployee();
      expect((await api.post('/v1/employees', a, { token: c.token })).status).toBe(201);
      const dup = await api.post('/v1/employees', { ...newEmployee(), workEmail: a.workEmail.toUpperCase() }, { token: c.token });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ code: 'email_taken', errors: [{ field: 'workEmail' }] });
      const list = await api.get('/v1/employees', { token: c.token });
      expect(list.body.items).toHaveLength(1);
    });

    test('invalid fields are named and nothing is written', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'inval');
      const res = await api.post(
        '/v1/employees',
        { firstName: '', lastName: 'x'.repeat(101), workEmail: 'nope', hireDate: '2024-02-30', status: 'retired', salary: 1 },
        { token: c.token },
      );
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['firstName', 'hireDate', 'lastName', 'salary', 'status', 'workEmail']);
      expect((await api.get('/v1/employees', { token: c.token })).body.items).toHaveLength(0);
    });

    test('a manager must exist and never closes a reporting cycle', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'cycle');
      const unknown = await api.post('/v1/employees', newEmployee({ managerId: 'emp_01aaaaaaaaaaaaaaaaaaaaaaaa' }), { token: c.token });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('unknown_manager');
      const boss = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body;
      const mid = (await api.post('/v1/employees', newEmployee({ managerId: boss.id }), { token: c.token })).body;
      const low = (await api.post('/v1/employees', newEmployee({ managerId: mid.id }), { token: c.token })).body;
      const bossNow = await api.get(`/v1/employees/${boss.id}`, { token: c.token });
      const res = await api.patch(`/v1/employees/${boss.id}`, { managerId: low.id }, { token: c.token, headers: { 'if-match': bossNow.headers.get('etag')! } });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('manager_cycle');
      const self = await api.patch(`/v1/employees/${boss.id}`, { managerId: boss.id }, { token: c.token, headers: { 'if-match': bossNow.headers.get('etag')! } });
      expect(self.body.code).toBe('manager_cycle');
      expect((await api.get(`/v1/employees/${boss.id}`, { token: c.token })).body.managerId).toBeNull();
    });

    test('lists page with a cursor: every employee once, in order', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'page');
      const names = ['Adams', 'Brown', 'Clark', 'Davis', 'Evans', 'Frank', 'Green'];
      for (const lastName of names.toReversed()) await api.post('/v1/employees', newEmployee({ lastName }), { token: c.token });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await api.get(`/v1/employees?limit=3${q}`, { token: c.token });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((e: { lastName: string }) => e.lastName));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(names);
      expect(pages).toBe(3);
    });

    test('lists filter by status and department and sort on request', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'filter');
      await api.post('/v1/employees', newEmployee({ lastName: 'A', department: 'Sales', hireDate: '2020-01-01' }), { token: c.token });
      await api.post('/v1/employees', newEmployee({ lastName: 'B', department: 'Sales', hireDate: '2022-01-01', status: 'on_leave' }), { token: c.token });
      await api.post('/v1/employees', newEmployee({ lastName: 'C', department: 'Ops', hireDate: '2021-01-01' }), { token: c.token });
      const sales = await api.get('/v1/employees?department=Sales&sort=-hireDate', { token: c.token });
      expect(sales.body.items.map((e: { lastName: string }) => e.lastName)).toEqual(['B', 'A']);
      const active = await api.get('/v1/employees?status=active&sort=hireDate', { token: c.token });
      expect(active.body.items.map((e: { lastName: string }) => e.lastName)).toEqual(['A', 'C']);
      const bad = await api.get('/v1/employees?sort=salary&limit=0', { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'sort']);
      const cursor = await api.get('/v1/employees?cursor=not-a-cursor', { token: c.token });
      expect(cursor.status).toBe(400);
      expect(cursor.body.code).toBe('invalid_cursor');
    });

    test('only HR, admins and owners change employees; others read', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'emprole');
      const created = await api.post('/v1/employees', newEmployee(), { token: c.token });
      for (const role of ['manager', 'employee']) {
        const u = await userWithRole(api, c, role);
        const res = await api.post('/v1/employees', newEmployee(), { token: u.token });
        expect(res.status).toBe(403);
        const patch = await api.patch(`/v1/employees/${created.body.id}`, { jobTitle: 'Hacked' }, { token: u.token, headers: { 'if-match': created.headers.get('etag')! } });
        expect(patch.status).toBe(403);
        expect((await api.get(`/v1/employees/${created.body.id}`, { token: u.token })).status).toBe(200);
      }
      const hr = await userWithRole(api, c, 'hr');
      expect((await api.post('/v1/employees', newEmployee(), { token: hr.token })).status).toBe(201);
      const all = await api.get('/v1/employees', { token: c.token });
      expect(all.body.items).toHaveLength(2);
      expect(all.body.items.map((e: { jobTitle: string | null }) => e.jobTitle)).not.toContain('Hacked');
    });
  });
};
