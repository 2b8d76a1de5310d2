import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp } from './client';
import type { ContractCase } from './suite';

const today = () => new Date().toISOString().slice(0, 10);
const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

export const lifecycleContract: ContractCase = (target) => {
  describe('people lifecycle', () => {
    test('transfers, title and manager changes are kept as history, and the record answers as of any date', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'life');
      const sales = (await api.post('/v1/departments', { name: 'Sales' }, { token: c.token })).body;
      const ops = (await api.post('/v1/departments', { name: 'Ops' }, { token: c.token })).body;
      const boss = (await api.post('/v1/employees', newEmployee({ hireDate: '2020-01-01' }), { token: c.token })).body;
      const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2021-03-01', departmentId: sales.id, jobTitle: 'Rep' }), { token: c.token })).body;
      const post = (body: Record<string, unknown>) => api.post(`/v1/employees/${emp.id}/lifecycle`, body, { token: c.token });
      expect((await post({ type: 'transfer', effectiveDate: '2022-06-01', departmentId: ops.id, reason: 'Reorg' })).status).toBe(201);
      expect((await post({ type: 'title_change', effectiveDate: '2023-01-01', jobTitle: 'Lead' })).status).toBe(201);
      expect((await post({ type: 'manager_change', effectiveDate: '2023-01-01', managerId: boss.id })).status).toBe(201);

      const now = await api.get(`/v1/employees/${emp.id}`, { token: c.token });
      expect(now.body).toMatchObject({ department: 'Ops', jobTitle: 'Lead', managerId: boss.id });
      const in2021 = await api.get(`/v1/employees/${emp.id}?asOf=2021-12-31`, { token: c.token });
      expect(in2021.body).toMatchObject({ asOf: '2021-12-31', department: 'Sales', jobTitle: 'Rep', managerId: null });
      const in2022 = await api.get(`/v1/employees/${emp.id}?asOf=2022-07-01`, { token: c.token });
      expect(in2022.body).toMatchObject({ department: 'Ops', jobTitle: 'Rep' });
      const before = await api.get(`/v1/employees/${emp.id}?asOf=2020-01-01`, { token: c.token });
      expect(before.status).toBe(422);
      expect(before.body.code).toBe('not_yet_hired');

      const history = await api.get(`/v1/employees/${emp.id}/lifecycle`, { token: c.token });
      expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['hire', 'transfer', 'title_change', 'manager_change']);
      expect(history.body.items[1]).toMatchObject({ effectiveDate: '2022-06-01', reason: 'Reorg', state: 'applied', changes: { departmentId: ops.id } });
      // The history pages like every list, newest first on request, and filters by type.
      const newest = await api.get(`/v1/employees/${emp.id}/lifecycle?limit=3&sort=-effectiveDate`, { token: c.token });
      expect(newest.body.items.map((e: { type: string }) => e.type)).toEqual(['manager_change', 'title_change', 'transfer']);
      const rest = await api.get(`/v1/employees/${emp.id}/lifecycle?limit=3&sort=-effectiveDate&cursor=${newest.body.nextCursor}`, { token: c.token });
      expect(rest.body).toMatchObject({ items: [{ type: 'hire' }], nextCursor: null });
      const transfers = await api.get(`/v1/employees/${emp.id}/lifecycle?type=transfer`, { token: c.token });
      expect(transfers.body.items).toHaveLength(1);
    });

    test('a back-dated change lands in its place without undoing a later one', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'backdate');
      const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2020-01-01', jobTitle: 'Junior' }), { token: c.token })).body;
      await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: '2024-01-01', jobTitle: 'Senior' }, { token: c.token });
      await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: '2022-01-01', jobTitle: 'Mid' }, { token: c.token });
      expect((await api.get(`/v1/employees/${emp.id}`, { token: c.token })).body.jobTitle).toBe('Senior');
      expect((await api.get(`/v1/employees/${emp.id}?asOf=2023-01-01`, { token: c.token })).body.jobTitle).toBe('Mid');
    });

    test('a future-dated change waits for its day, shows in the as-of view, and can be withdrawn', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'future');
      const emp = (await api.post('/v1/employees', newEmployee({ jobTitle: 'Analyst' }), { token: c.token })).body;
      const later = daysFromNow(30);
      const res = await api.post(`/v1/employees/${emp.id}/lifecycle`, { type: 'title_change', effectiveDate: later, jobTitle: 'Manager' }, { token: c.token });
      expect(res.status).toBe(201);
      expect(res.body.scheduled).toBe(true);
      expect(res.body.employee.jobTitle).toBe('Analyst');
      expect((await api.get(`/v1/employees/${emp.id}?asOf=${later}`, { token: c.token })).body.jobTitle).toBe('Manager');
      const history = await api.get(`/v1/employees/${emp.id}/lifecycle`, { token: c.token });
      const scheduled = history.body.items.find((e: { state: string }) => e.state === 'scheduled');
      expect(scheduled).toMatchObject({ type: 'title_change', effectiveDate: later });
      expect((await api.delete(`/v1/employees/${emp.id}/lifecycle/${scheduled.id}`, { token: c.token })).status).toBe(204);
      expect((await api.get(`/v1/employees/${emp.id}?asOf=${later}`, { token: c.token })).body.jobTitle).toBe('Analyst');
      const applied = history.body.items.find((e: { type: string }) => e.type === 'hire');
      const withdrawn = await api.delete(`/v1/employees/${emp.id}/lifecycle/${applied.id}`, { token: c.token });
      expect(withdrawn.status).toBe(409);
      expect(withdrawn.body.code).toBe('already_effective');
    });

    test('termination with a reason, then rehire; the rules name what was wrong', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'term');
      const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2021-01-01' }), { token: c.token })).body;
      const post = (body: Record<string, unknown>) => api.post(`/v1/employees/${emp.id}/lifecycle`, body, { token: c.token });
      const noReason = await post({ type: 'termination', effectiveDate: today() });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
      expect((await post({ type: 'termination', effectiveDate: '2020-01-01', reason: 'x' })).body.code).toBe('before_hire');
      const early = await post({ type: 'rehire', effectiveDate: today() });
      expect(early.body.code).toBe('not_terminated');
      const left = await post({ type: 'termination', effectiveDate: '2023-05-31', reason: 'Relocation' });
      expect(left.body.employee).toMatchObject({ status: 'terminated', terminationDate: '2023-05-31', terminationReason: 'Relocation' });
      expect((await post({ type: 'termination', effectiveDate: today(), reason: 'again' })).body.code).toBe('already_terminated');
      expect((await api.get(`/v1/employees/${emp.id}?asOf=2023-05-01`, { token: c.token })).body.status).toBe('active');
      const back = await post({ type: 'rehire', effectiveDate: '2024-02-01', jobTitle: 'Returner' });
      expect(back.body.employee).toMatchObject({ status: 'active', hireDate: '2024-02-01', terminationDate: null, jobTitle: 'Returner' });
      const unknownType = await post({ type: 'promotion', effectiveDate: today() });
      expect(unknownType.status).toBe(400);
      expect(unknownType.body.errors[0].field).toBe('type');
    });

    test('a manager change never closes a cycle, whenever it is dated', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'lcycle');
      const a = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body;
      const b = (await api.post('/v1/employees', newEmployee({ managerId: a.id }), { token: c.token })).body;
      const res = await api.post(`/v1/employees/${a.id}/lifecycle`, { type: 'manager_change', effectiveDate: today(), managerId: b.id }, { token: c.token });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('manager_cycle');
      const future = await api.post(`/v1/employees/${a.id}/lifecycle`, { type: 'manager_change', effectiveDate: daysFromNow(10), managerId: b.id }, { token: c.token });
      expect(future.body.code).toBe('manager_cycle');
      const history = await api.get(`/v1/employees/${a.id}/lifecycle`, { token: c.token });
      expect(history.body.items.map((e: { type: string }) => e.type)).toEqual(['hire']);
    });

    test('profile fields: personal ones are validated and kept; PATCH of employment is recorded as history', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'profile');
      const bad = await api.post('/v1/employees', newEmployee({ workPhone: 'call me', address: { line1: 'x', city: 'Berlin', country: 'Germany' }, employmentType: 'slave' }), { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['address.country', 'employmentType', 'workPhone']);
      const emp = await api.post(
        '/v1/employees',
        newEmployee({ preferredName: 'Amazing', workPhone: '+49 30 1234567', birthDate: '1990-02-03', address: { line1: 'Hauptstr. 1', city: 'Berlin', country: 'DE' }, emergencyContact: { name: 'Kim', phone: '+49 170 000000' }, employmentType: 'part_time' }),
        { token: c.token },
      );
      expect(emp.status).toBe(201);
      expect(emp.body).toMatchObject({ preferredName: 'Amazing', displayName: `Amazing ${emp.body.lastName}`, employmentType: 'part_time', address: { city: 'Berlin' } });
      const changed = await api.patch(`/v1/employees/${emp.body.id}`, { jobTitle: 'Designer', workPhone: '+49 30 7654321' }, { token: c.token, headers: { 'if-match': emp.headers.get('etag')! } });
      expect(changed.status).toBe(200);
      const history = await api.get(`/v1/employees/${emp.body.id}/lifecycle`, { token: c.token });
      expect(history.body.items.map((e: { type: string; changes: object }) => [e.type, e.changes])).toEqual([
        ['hire', expect.objectContaining({ jobTitle: null, employmentType: 'part_time' })],
        ['update', { jobTitle: 'Designer' }],
      ]);
    });
  });
};
