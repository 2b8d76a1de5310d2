import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole, hireAs } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

/** Months from `start` (a first of month) to today, counting both ends: the accruals due. */
function monthsSince(start: string): number {
  const now = new Date();
  const s = new Date(`${start}T00:00:00Z`);
  return (now.getUTCFullYear() - s.getUTCFullYear()) * 12 + (now.getUTCMonth() - s.getUTCMonth()) + 1;
}

function firstOfMonthAgo(months: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1)).toISOString().slice(0, 10);
}


export const timeoffContract: ContractCase = (target) => {
  describe('time off: accrual and balances', () => {
    test('a policy that started months ago catches up at once, and a second run grants nothing', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'accrue');
      const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2020-03-01' }), { token: c.token })).body;
      const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
      expect(type.id).toMatch(/^ltp_/);
      const startsOn = firstOfMonthAgo(2);
      const policy = await api.post('/v1/timeoff-policies', { leaveTypeId: type.id, name: 'Standard', yearlyEntitlement: 24, startsOn }, { token: c.token });
      expect(policy.status).toBe(201);
      const expected = monthsSince(startsOn) * 2;
      const balance = await waitFor(async () => {
        const res = await api.get(`/v1/employees/${emp.id}/balances`, { token: c.token });
        return res.body.items[0]?.balance === expected ? res.body.items[0].balance : undefined;
      });
      expect(balance).toBe(expected);

      const again = await api.post(`/v1/timeoff-policies/${policy.body.id}/accruals`, {}, { token: c.token });
      expect(again.status).toBe(200);
      expect(again.body.granted).toBe(0);
      const after = await api.get(`/v1/employees/${emp.id}/balances`, { token: c.token });
      expect(after.body.items[0].balance).toBe(expected);

      // As of a date before the policy started, nothing had accrued.
      const past = await api.get(`/v1/employees/${emp.id}/balances?asOf=2019-12-31`, { token: c.token });
      expect(past.body.items).toEqual([]);
    });

    test('adjustments need a reason; balances are visible to HR and to the employee, not to colleagues', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'adjust');
      const type = (await api.post('/v1/leave-types', { name: 'Sick' }, { token: c.token })).body;
      const worker = await userWithRole(api, c, 'employee');
      const colleague = await userWithRole(api, c, 'employee');
      const mine = await hireAs(api, c, worker);
      const noReason = await api.post(`/v1/employees/${mine.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 3 }, { token: c.token });
      expect(noReason.status).toBe(400);
      expect(noReason.body.errors[0].field).toBe('reason');
      const adj = await api.post(`/v1/employees/${mine.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 3, reason: 'Carried over by agreement' }, { token: c.token });
      expect(adj.status).toBe(201);
      const own = await api.get(`/v1/employees/${mine.id}/balances`, { token: worker.token });
      expect(own.body.items).toEqual([{ leaveTypeId: type.id, balance: 3 }]);
      expect((await api.get(`/v1/employees/${mine.id}/balances`, { token: colleague.token })).status).toBe(404);
      expect((await api.post(`/v1/employees/${mine.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 5, reason: 'x' }, { token: worker.token })).status).toBe(403);
    });
  });
};
