import { describe, expect, test } from 'bun:test';
import { Api, linkUser, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field).sort();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** A company with two departments, a manager, their report (with a user account each) and an unrelated colleague. */
async function setUp(api: Api) {
  const c = await signUp(api, 'pay');
  const dep = async (name: string) => (await api.post('/v1/departments', { name }, { token: c.token })).body.id as string;
  const sales = await dep('Sales');
  const tech = await dep('Tech');
  const managerUser = await userWithRole(api, c, 'manager');
  const reportUser = await userWithRole(api, c, 'employee');
  const hire = async (o: Record<string, unknown>) => {
    const res = await api.post('/v1/employees', newEmployee(o), { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const manager = await hire({ workEmail: managerUser.email, departmentId: sales, hireDate: '2020-01-01' });
  const report = await hire({ workEmail: reportUser.email, departmentId: sales, managerId: manager, hireDate: '2022-03-01' });
  const colleague = await hire({ departmentId: tech, hireDate: '2021-06-01' });
  await linkUser(api, c, managerUser.id, manager);
  await linkUser(api, c, reportUser.id, report);
  return { c, sales, tech, manager, report, colleague, managerUser, reportUser };
}

const pay = (api: Api, id: string, body: Record<string, unknown>, token: string) =>
  api.post(`/v1/employees/${id}/compensation`, { frequency: 'yearly', currency: 'EUR', reason: 'merit', ...body }, { token });

export const compensationContract: ContractCase = (target) => {
  describe('compensation', () => {
    test('pay is effective-dated: read as of any date, with its history; a future raise is in force on its day', async () => {
      const api = new Api(target().baseUrl);
      const { c, report } = await setUp(api);
      expect((await pay(api, report, { effectiveDate: '2022-03-01', amount: '52000', reason: 'hire', payGrade: 'P2', costCentre: 'CC-7', fte: '0.8' }, c.token)).status).toBe(201);
      expect((await pay(api, report, { effectiveDate: '2024-01-01', amount: '56000.50', payGrade: 'P3', reason: 'promotion' }, c.token)).status).toBe(201);
      // A correction on the same date replaces what it corrects.
      expect((await pay(api, report, { effectiveDate: '2024-01-01', amount: '56500', payGrade: 'P3', reason: 'correction' }, c.token)).status).toBe(201);
      const raise = await pay(api, report, { effectiveDate: inDays(40), amount: '60000', payGrade: 'P3' }, c.token);
      expect(raise.body).toMatchObject({ amount: '60000', currency: 'EUR', frequency: 'yearly', fte: '1', reason: 'merit' });
      const at = async (asOf?: string) => (await api.get(`/v1/employees/${report}/compensation${asOf ? `?asOf=${asOf}` : ''}`, { token: c.token })).body;
      expect((await at('2022-02-28')).current).toBeNull();
      expect((await at('2023-12-31')).current).toMatchObject({ amount: '52000', payGrade: 'P2', costCentre: 'CC-7', fte: '0.8', standing: 'in_force' });
      expect((await at('2024-01-01')).current).toMatchObject({ amount: '56500', reason: 'correction' });
      const today = await at();
      expect(today.current.amount).toBe('56500');
      expect(today.history.map((r: { amount: string; standing: string }) => [r.amount, r.standing])).toEqual([
        ['52000', 'superseded'],
        ['56000.50', 'superseded'],
        ['56500', 'superseded'],
        ['60000', 'scheduled'],
      ].map(([a, s], i) => (i === 2 ? [a, 'in_force'] : [a, s])));
      expect((await at(inDays(40))).current.amount).toBe('60000');
      expect((await at(inDays(39))).current.amount).toBe('56500');
    });

    test('bad pay is refused with a problem naming the field, and nothing is written', async () => {
      const api = new Api(target().baseUrl);
      const { c, report } = await setUp(api);
      const other = await signUp(api, 'payother');
      const stranger = (await api.post('/v1/employees', newEmployee(), { token: other.token })).body.id as string;
      const cases: [Record<string, unknown>, number, string[]][] = [
        [{ effectiveDate: '2023-01-01', amount: '100', currency: 'EURO' }, 400, ['currency']],
        [{ effectiveDate: '2023-01-01', amount: '100', currency: 'XYZ' }, 400, ['currency']],
        [{ effectiveDate: '2023-01-01', amount: '100', currency: 'eur' }, 400, ['currency']],
        [{ effectiveDate: '2023-01-01', amount: 100 }, 400, ['amount']],
        [{ effectiveDate: '2023-01-01', amount: '-5' }, 400, ['amount']],
        [{ effectiveDate: '2023-01-01', amount: '0' }, 400, ['amount']],
        [{ effectiveDate: '2023-01-01', amount: '1.23456' }, 400, ['amount']],
        [{ effectiveDate: '2023-01-01', amount: '100', frequency: 'weekly' }, 400, ['frequency']],
        [{ effectiveDate: '2023-01-01', amount: '100', fte: '1.5' }, 400, ['fte']],
        [{ effectiveDate: '2023-01-01', amount: '100', reason: 'because' }, 400, ['reason']],
        [{ effectiveDate: '2022-02-28', amount: '100' }, 422, ['effectiveDate']],
      ];
      for (const [body, status, fields] of cases) {
        const res = await pay(api, report, body, c.token);
        expect([JSON.stringify(body), res.status, fieldsOf(res)]).toEqual([JSON.stringify(body), status, fields]);
      }
      expect((await pay(api, stranger, { effectiveDate: '2024-06-01', amount: '100' }, c.token)).status).toBe(404);
      expect((await api.get(`/v1/employees/${report}/compensation`, { token: c.token })).body.history).toEqual([]);
      expect((await api.get(`/v1/audit?action=compensation.record`, { token: c.token })).body.items).toEqual([]);
    });

    test('the employee reads their own pay; a manager only when the company allows it, and only for their reports', async () => {
      const api = new Api(target().baseUrl);
      const { c, manager, report, colleague, managerUser, reportUser } = await setUp(api);
      for (const id of [manager, report, colleague]) await pay(api, id, { effectiveDate: '2024-01-01', amount: '70123.45' }, c.token);
      const status = async (id: string, token: string) => (await api.get(`/v1/employees/${id}/compensation`, { token })).status;
      expect([await status(report, reportUser.token), await status(manager, reportUser.token), await status(colleague, reportUser.token)]).toEqual([200, 404, 404]);
      expect([await status(manager, managerUser.token), await status(report, managerUser.token), await status(colleague, managerUser.token)]).toEqual([200, 404, 404]);
      const hidden = await api.get(`/v1/employees/${report}/compensation`, { token: managerUser.token });
      expect(JSON.stringify(hidden.body)).not.toContain('70123');
      expect((await api.request('PUT', '/v1/compensation/settings', { managersSeePay: true }, { token: managerUser.token })).status).toBe(403);
      expect((await api.request('PUT', '/v1/compensation/settings', { managersSeePay: true }, { token: c.token })).body).toEqual({ managersSeePay: true });
      expect([await status(report, managerUser.token), await status(colleague, managerUser.token)]).toEqual([200, 404]);
      expect(await status(manager, reportUser.token)).toBe(404);
      // Reports of pay are HR's: a manager gets none, not even totals.
      for (const path of ['/v1/reports/payroll-cost', '/v1/reports/pay-grades']) expect((await api.get(path, { token: managerUser.token })).status).toBe(403);
      await api.request('PUT', '/v1/compensation/settings', { managersSeePay: false }, { token: c.token });
      expect(await status(report, managerUser.token)).toBe(404);
    });

    test('events about pay reach HR and the employee, never a manager', async () => {
      const api = new Api(target().baseUrl);
      const { c, report, managerUser, reportUser } = await setUp(api);
      await api.request('PUT', '/v1/compensation/settings', { managersSeePay: true }, { token: c.token });
      const recorded = (await pay(api, report, { effectiveDate: '2024-01-01', amount: '1000' }, c.token)).body.id as string;
      await api.patch(`/v1/employees/${report}`, { jobTitle: 'Marker' }, { token: c.token, headers: { 'if-match': '*' } });
      const payEvents = (res: { body: { items: { type: string; data: unknown }[] } }) => res.body.items.filter((e) => e.type.startsWith('compensation.'));
      for (const token of [c.token, reportUser.token]) {
        const res = await waitFor(async () => {
          const r = await api.get('/v1/events?limit=200', { token });
          return payEvents(r).length > 0 ? r : undefined;
        });
        expect(payEvents(res)[0]).toMatchObject({ type: 'compensation.recorded', data: { compensationId: recorded } });
      }
      const boss = await waitFor(async () => {
        const r = await api.get('/v1/events?limit=200', { token: managerUser.token });
        return r.body.items.some((e: { type: string }) => e.type === 'employee.updated') ? r : undefined;
      });
      expect(payEvents(boss)).toEqual([]);
      expect(JSON.stringify(boss.body)).not.toContain(recorded);
    });

    test('payroll cost by department and location as of a date, per currency, exact; headcount by pay grade', async () => {
      const api = new Api(target().baseUrl);
      const { c, sales, tech, manager, report, colleague } = await setUp(api);
      await pay(api, manager, { effectiveDate: '2024-01-01', amount: '0.10', payGrade: 'M1' }, c.token);
      await pay(api, report, { effectiveDate: '2024-01-01', amount: '0.20', payGrade: 'P2' }, c.token);
      await pay(api, report, { effectiveDate: '2025-01-01', amount: '99999999999.9999', payGrade: 'P3' }, c.token);
      await pay(api, colleague, { effectiveDate: '2024-01-01', amount: '4100', currency: 'USD', frequency: 'monthly', payGrade: 'P2' }, c.token);
      const contractor = (await api.post('/v1/employees', newEmployee({ departmentId: tech, hireDate: '2023-01-01' }), { token: c.token })).body.id as string;
      const cost = (await api.get('/v1/reports/payroll-cost?asOf=2024-06-30', { token: c.token })).body;
      expect(cost).toEqual({
        asOf: '2024-06-30',
        by: 'department',
        items: [
          { id: sales, name: 'Sales', currency: 'EUR', frequency: 'yearly', total: '0.30', employees: 2 },
          { id: tech, name: 'Tech', currency: 'USD', frequency: 'monthly', total: '4100.00', employees: 1 },
        ],
        withoutPay: 1,
      });
      const later = (await api.get('/v1/reports/payroll-cost?asOf=2025-06-30', { token: c.token })).body;
      expect(later.items[0].total).toBe('100000000000.0999');
      // Transferred later: the report counts where the colleague was on the day asked.
      await api.post(`/v1/employees/${colleague}/lifecycle`, { type: 'transfer', effectiveDate: '2025-01-01', departmentId: sales }, { token: c.token });
      const before = (await api.get('/v1/reports/payroll-cost?asOf=2024-06-30', { token: c.token })).body;
      expect(before.items.map((i: { name: string; currency: string }) => `${i.name}/${i.currency}`)).toEqual(['Sales/EUR', 'Tech/USD']);
      const after = (await api.get('/v1/reports/payroll-cost?asOf=2025-06-30', { token: c.token })).body;
      expect(after.items.map((i: { name: string; currency: string }) => `${i.name}/${i.currency}`)).toEqual(['Sales/EUR', 'Sales/USD']);
      const byLocation = (await api.get('/v1/reports/payroll-cost?asOf=2024-06-30&by=location', { token: c.token })).body;
      expect(byLocation.items).toEqual([
        { id: null, name: null, currency: 'EUR', frequency: 'yearly', total: '0.30', employees: 2 },
        { id: null, name: null, currency: 'USD', frequency: 'monthly', total: '4100.00', employees: 1 },
      ]);
      const grades = (await api.get('/v1/reports/pay-grades?asOf=2024-06-30', { token: c.token })).body;
      expect(grades).toEqual({ asOf: '2024-06-30', items: [{ payGrade: 'M1', count: 1 }, { payGrade: 'P2', count: 2 }, { payGrade: null, count: 1 }], total: 4 });
      expect(contractor).toBeTruthy();
    });
  });
};
