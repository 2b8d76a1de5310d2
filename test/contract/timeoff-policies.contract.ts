import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole, type Company } from './client';
import type { ContractCase } from './suite';

/**
 * Policy rules over HTTP. Dates are relative to the current year (Y), going back a year or
 * two so that everything asserted is already due whenever the suite runs.
 */
const Y = new Date().getUTCFullYear();
const todayUtc = () => new Date().toISOString().slice(0, 10);

async function setup(api: Api, prefix: string) {
  const c = await signUp(api, prefix);
  const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
  return { c, type };
}

const hire = async (api: Api, c: Company, fields: Record<string, unknown>) => (await api.post('/v1/employees', newEmployee(fields), { token: c.token })).body;

async function balanceOf(api: Api, c: Company, employeeId: string, asOf?: string): Promise<number> {
  const res = await api.get(`/v1/employees/${employeeId}/balances${asOf ? `?asOf=${asOf}` : ''}`, { token: c.token });
  return res.body.items[0]?.balance ?? 0;
}

async function policy(api: Api, c: Company, body: Record<string, unknown>) {
  const res = await api.post('/v1/timeoff-policies', body, { token: c.token });
  if (res.status !== 201) throw new Error(`policy: ${res.status} ${JSON.stringify(res.body)}`);
  // The timer may already have run; a run is idempotent, so run it to know it has.
  const run = await api.post(`/v1/timeoff-policies/${res.body.id}/accruals`, {}, { token: c.token });
  expect(run.status).toBe(200);
  // The reply to a change also says what it wrote to the ledger; the policy itself is the rest.
  const { dryRun: _d, ledger: _l, ...row } = res.body;
  return row;
}

export const timeoffPoliciesContract: ContractCase = (target) => {
  describe('time off: policies', () => {
    test('creation validates every field, names it, and a refused policy leaves nothing behind; list pages, get reads one', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await setup(api, 'polval');
      const base = { leaveTypeId: type.id, name: 'Standard', yearlyEntitlement: 20, startsOn: `${Y}-01-01` };
      const refused: [Record<string, unknown>, number, string, string][] = [
        [{ accrual: 'weekly' }, 400, 'validation_failed', 'accrual'],
        [{ startsOn: `${Y}-01-15` }, 400, 'validation_failed', 'startsOn'],
        [{ carryOverCap: -1 }, 400, 'validation_failed', 'carryOverCap'],
        [{ carryOverExpiresAfterMonths: 12 }, 400, 'validation_failed', 'carryOverExpiresAfterMonths'],
        [{ appliesTo: { scope: 'team' } }, 400, 'validation_failed', 'appliesTo.scope'],
        [{ appliesTo: { scope: 'department' } }, 400, 'validation_failed', 'appliesTo.departmentId'],
        [{ appliesTo: { scope: 'department', departmentId: 'dep_01jaaaaaaaaaaaaaaaaaaaaaaa' } }, 422, 'unknown_department', 'appliesTo.departmentId'],
        [{ appliesTo: { scope: 'location', locationId: 'loc_01jaaaaaaaaaaaaaaaaaaaaaaa' } }, 422, 'unknown_location', 'appliesTo.locationId'],
        [{ appliesTo: { scope: 'employee', employeeId: 'emp_01jaaaaaaaaaaaaaaaaaaaaaaa' } }, 422, 'unknown_employee', 'appliesTo.employeeId'],
        [{ leaveTypeId: 'ltp_01jaaaaaaaaaaaaaaaaaaaaaaa' }, 422, 'unknown_leave_type', 'leaveTypeId'],
      ];
      for (const [change, status, code, field] of refused) {
        const res = await api.post('/v1/timeoff-policies', { ...base, ...change }, { token: c.token });
        expect({ change, status: res.status, code: res.body.code }).toEqual({ change, status, code });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect((await api.get('/v1/timeoff-policies', { token: c.token })).body.items).toEqual([]);

      const a = await policy(api, c, { ...base, name: 'A yearly', accrual: 'yearly', carryOverCap: 5, carryOverExpiresAfterMonths: 3 });
      expect(a).toMatchObject({ accrual: 'yearly', carryOverCap: 5, carryOverExpiresAfterMonths: 3, allowNegative: false, appliesTo: { scope: 'everyone' } });
      const b = await policy(api, c, { ...base, name: 'B monthly' });
      expect(b).toMatchObject({ accrual: 'monthly', carryOverCap: null, carryOverExpiresAfterMonths: null });
      const first = await api.get('/v1/timeoff-policies?limit=1', { token: c.token });
      expect(first.body.items.map((p: { id: string }) => p.id)).toEqual([a.id]);
      const second = await api.get(`/v1/timeoff-policies?limit=1&cursor=${first.body.nextCursor}`, { token: c.token });
      expect(second.body).toEqual({ items: [b], nextCursor: null });
      expect((await api.get(`/v1/timeoff-policies/${a.id}`, { token: c.token })).body).toEqual(a);
      expect((await api.get('/v1/timeoff-policies/pol_01jaaaaaaaaaaaaaaaaaaaaaaa', { token: c.token })).status).toBe(404);
      const worker = await userWithRole(api, c, 'employee');
      expect((await api.get('/v1/timeoff-policies', { token: worker.token })).status).toBe(403);
      expect((await api.get(`/v1/timeoff-policies/${a.id}/preview`, { token: worker.token })).status).toBe(403);
    });

    test('a yearly policy grants the entitlement on 1 January, prorated by months for hires and leavers', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await setup(api, 'polyear');
      const veteran = await hire(api, c, { hireDate: '2020-01-01' });
      const lateHire = await hire(api, c, { hireDate: `${Y - 1}-10-20` });
      const leaver = await hire(api, c, { hireDate: '2020-01-01' });
      const left = await api.post(`/v1/employees/${leaver.id}/lifecycle`, { type: 'termination', effectiveDate: `${Y - 1}-03-10`, reason: 'Moved away' }, { token: c.token });
      expect(left.status).toBe(201);
      await policy(api, c, { leaveTypeId: type.id, name: 'Yearly', yearlyEntitlement: 24, accrual: 'yearly', startsOn: `${Y - 1}-01-01` });
      expect(await balanceOf(api, c, veteran.id, `${Y - 1}-01-01`)).toBe(24);
      expect(await balanceOf(api, c, veteran.id)).toBe(48);
      // October to December: 3/12 of 24, on the hire day; then the whole of this year.
      expect(await balanceOf(api, c, lateHire.id, `${Y - 1}-10-19`)).toBe(0);
      expect(await balanceOf(api, c, lateHire.id, `${Y - 1}-10-20`)).toBe(6);
      expect(await balanceOf(api, c, lateHire.id)).toBe(30);
      // January to March (the leaving month whole): 3/12 of 24; nothing this year.
      expect(await balanceOf(api, c, leaver.id)).toBe(6);
    });

    test('a monthly policy prorates the hire month and the leaving month by days', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await setup(api, 'polmonth');
      const joiner = await hire(api, c, { hireDate: `${Y - 1}-02-17` });
      const leaver = await hire(api, c, { hireDate: '2020-01-01' });
      await api.post(`/v1/employees/${leaver.id}/lifecycle`, { type: 'termination', effectiveDate: `${Y - 1}-04-10`, reason: 'Moved away' }, { token: c.token });
      await policy(api, c, { leaveTypeId: type.id, name: 'Monthly', yearlyEntitlement: 12, startsOn: `${Y - 1}-01-01` });
      const feb = new Date(Date.UTC(Y - 1, 2, 0)).getUTCDate();
      const prorated = Math.round(((feb - 16) / feb) * 100) / 100;
      expect(await balanceOf(api, c, joiner.id, `${Y - 1}-02-28`)).toBe(prorated);
      expect(await balanceOf(api, c, joiner.id, `${Y - 1}-03-31`)).toBe(Math.round((prorated + 1) * 100) / 100);
      // January to March whole, then 10 of April's 30 days; nothing after.
      expect(await balanceOf(api, c, leaver.id)).toBe(3.33);
    });

    test('a policy accrues only for its scope: a department with its sub-departments, a location, one employee; the most specific wins', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await setup(api, 'polscope');
      const parent = (await api.post('/v1/departments', { name: 'Engineering' }, { token: c.token })).body;
      const child = (await api.post('/v1/departments', { name: 'Platform', parentId: parent.id }, { token: c.token })).body;
      const other = (await api.post('/v1/departments', { name: 'Sales' }, { token: c.token })).body;
      const office = (await api.post('/v1/locations', { name: 'Berlin', timeZone: 'Europe/Berlin' }, { token: c.token })).body;
      const inChild = await hire(api, c, { hireDate: '2020-01-01', departmentId: child.id });
      const inOther = await hire(api, c, { hireDate: '2020-01-01', departmentId: other.id });
      const special = await hire(api, c, { hireDate: '2020-01-01', departmentId: child.id });
      const atOffice = await hire(api, c, { hireDate: '2020-01-01', locationId: office.id });
      const base = { leaveTypeId: type.id, accrual: 'yearly', startsOn: `${Y}-01-01` };
      // A period is granted once per leave type, so a policy governs from the first period not
      // yet granted: the specific policies come first here, then everyone else's.
      await policy(api, c, { ...base, name: 'Special', yearlyEntitlement: 30, appliesTo: { scope: 'employee', employeeId: special.id } });
      await policy(api, c, { ...base, name: 'Engineering', yearlyEntitlement: 20, appliesTo: { scope: 'department', departmentId: parent.id } });
      await policy(api, c, { ...base, name: 'Berlin', yearlyEntitlement: 5, appliesTo: { scope: 'location', locationId: office.id } });
      const everyone = await policy(api, c, { ...base, name: 'Everyone', yearlyEntitlement: 10 });
      // The everyone policy's preview names only the people no more specific policy covers.
      const preview = await api.get(`/v1/timeoff-policies/${everyone.id}/preview?months=0`, { token: c.token });
      expect(preview.body.items.map((i: { employeeId: string }) => i.employeeId)).toEqual([inOther.id]);
      expect(await balanceOf(api, c, inChild.id)).toBe(20);
      expect(await balanceOf(api, c, inOther.id)).toBe(10);
      expect(await balanceOf(api, c, special.id)).toBe(30);
      expect(await balanceOf(api, c, atOffice.id)).toBe(5);
    });

    test('at the turn of the year the balance above the cap expires, and carried days not used in time expire later', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await setup(api, 'polcarry');
      const veteran = await hire(api, c, { hireDate: '2020-01-01' });
      const p = await policy(api, c, { leaveTypeId: type.id, name: 'Capped', yearlyEntitlement: 20, accrual: 'yearly', startsOn: `${Y - 2}-01-01`, carryOverCap: 5, carryOverExpiresAfterMonths: 3 });
      expect(await balanceOf(api, c, veteran.id, `${Y - 2}-12-31`)).toBe(20);
      // 15 above the cap removed on 1 January, the new 20 granted: 25.
      expect(await balanceOf(api, c, veteran.id, `${Y - 1}-01-01`)).toBe(25);
      expect(await balanceOf(api, c, veteran.id, `${Y - 1}-03-31`)).toBe(25);
      // The 5 carried days, unused by 1 April, expire.
      expect(await balanceOf(api, c, veteran.id, `${Y - 1}-04-01`)).toBe(20);
      expect(await balanceOf(api, c, veteran.id, `${Y}-01-01`)).toBe(25);
      expect(await balanceOf(api, c, veteran.id)).toBe(todayUtc() >= `${Y}-04-01` ? 20 : 25);
      const again = await api.post(`/v1/timeoff-policies/${p.id}/accruals`, {}, { token: c.token });
      expect(again.body.granted).toBe(0);
    });

    test('leave taken in the carried window uses carried days first', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await setup(api, 'polused');
      const team = (await api.post('/v1/departments', { name: 'Team' }, { token: c.token })).body;
      // Scoped to a team nobody is in yet, so the leave below is in the ledger before the run.
      const p = await policy(api, c, {
        leaveTypeId: type.id,
        name: 'Capped',
        yearlyEntitlement: 20,
        accrual: 'yearly',
        startsOn: `${Y - 2}-01-01`,
        carryOverCap: 5,
        carryOverExpiresAfterMonths: 3,
        allowNegative: true,
        appliesTo: { scope: 'department', departmentId: team.id },
      });
      const member = await hire(api, c, { hireDate: '2020-01-01', departmentId: team.id });
      const req = await api.post('/v1/timeoff-requests', { employeeId: member.id, leaveTypeId: type.id, startDate: `${Y - 1}-02-09`, endDate: `${Y - 1}-02-11` }, { token: c.token });
      expect(req.status).toBe(201);
      const used: number = req.body.amount;
      expect(used).toBeGreaterThan(0);
      expect((await api.post(`/v1/timeoff-requests/${req.body.id}/approve`, {}, { token: c.token })).status).toBe(200);
      await api.post(`/v1/timeoff-policies/${p.id}/accruals`, {}, { token: c.token });
      const before = await balanceOf(api, c, member.id, `${Y - 1}-03-31`);
      const after = await balanceOf(api, c, member.id, `${Y - 1}-04-01`);
      expect(before).toBe(25 - used);
      expect(Math.round((before - after) * 100) / 100).toBe(5 - used);
    });

    test('a hire under an existing policy is owed its rows at once; the preview shows the months ahead and writes nothing', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await setup(api, 'polprev');
      const team = (await api.post('/v1/departments', { name: 'Team' }, { token: c.token })).body;
      const p = await policy(api, c, {
        leaveTypeId: type.id,
        name: 'Monthly capped',
        yearlyEntitlement: 12,
        startsOn: `${Y - 1}-01-01`,
        carryOverCap: 3,
        carryOverExpiresAfterMonths: 2,
        appliesTo: { scope: 'department', departmentId: team.id },
      });
      // Joins the team after the policy ran: the hire writes everything due, no run needed.
      const member = await hire(api, c, { hireDate: '2020-01-01', departmentId: team.id });
      const outsider = await hire(api, c, { hireDate: '2020-01-01' });
      const rows = (await api.get(`/v1/employees/${member.id}/ledger`, { token: c.token })).body.items;
      expect(rows.map((r: { period: string }) => r.period)).toContain(`carry:${Y}`);
      expect(rows.every((r: { reason: string; cause: string }) => r.reason.startsWith('Hired from 2020-01-01') && r.cause.startsWith('eev_'))).toBe(true);
      const now = await balanceOf(api, c, member.id);
      expect(now).toBe(Math.round(rows.reduce((s: number, r: { amount: number }) => s + r.amount, 0) * 100) / 100);

      expect((await api.get(`/v1/timeoff-policies/${p.id}/preview?months=25`, { token: c.token })).body.errors[0].field).toBe('months');
      expect((await api.get(`/v1/timeoff-policies/${p.id}/preview?months=x`, { token: c.token })).body.errors[0].field).toBe('months');
      const preview = await api.get(`/v1/timeoff-policies/${p.id}/preview?months=3`, { token: c.token });
      expect(preview.status).toBe(200);
      expect(preview.body.items.map((i: { employeeId: string }) => i.employeeId)).toEqual([member.id]);
      const entries: { kind: string; period: string; effectiveOn: string; amount: number }[] = preview.body.items[0].entries;
      // Nothing is overdue: every previewed row lies ahead, and each month of the three has one.
      expect(entries.length).toBeGreaterThanOrEqual(3);
      expect(entries.every((e) => e.effectiveOn > preview.body.from)).toBe(true);
      expect(await balanceOf(api, c, member.id)).toBe(now);
      const onlyOutsider = await api.get(`/v1/timeoff-policies/${p.id}/preview?employeeId=${outsider.id}`, { token: c.token });
      expect(onlyOutsider.body.items).toEqual([]);
      expect((await api.post(`/v1/timeoff-policies/${p.id}/accruals`, {}, { token: c.token })).body.granted).toBe(0);
      // The projected balance on each previewed date is today's plus the running sum of the rows up to it.
      let sum = now;
      for (const date of [...new Set(entries.map((e) => e.effectiveOn))].sort()) {
        sum = Math.round((sum + entries.filter((e) => e.effectiveOn === date).reduce((s, e) => s + e.amount, 0)) * 100) / 100;
        const projected = (await api.get(`/v1/employees/${member.id}/balances?asOf=${date}`, { token: c.token })).body;
        expect({ date, projected: projected.projected, balance: projected.items[0].balance }).toEqual({ date, projected: true, balance: sum });
      }
    });
  });
};
