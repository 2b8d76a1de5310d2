import { describe, expect, test } from 'bun:test';
import { Api, companyToday, newEmployee, signUp, userWithRole, type Company, hireAs } from './client';
import type { ContractCase } from './suite';

/**
 * A company with one location (Mon–Fri, Ascension Day 2030-05-30 a holiday), a manager and
 * an employee who both have user accounts, a leave type and 10 days on the employee's balance.
 * Every request lies in the future (see `d`).
 */
/**
 * The dates below were written for 2030 (27 May a Monday, Ascension Day on Thursday 30 May).
 * `d` moves them by whole weeks, weekdays kept, so that 27 May lands on the first Monday at
 * least four weeks after the server's today: the cases hold on any day, with any clock.
 */
let shiftDays = 0;
const d = (iso: string) => {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + shiftDays);
  return t.toISOString().slice(0, 10);
};
async function followServerToday(api: Api, token: string) {
  const today = new Date(`${await companyToday(api, token)}T00:00:00Z`);
  const target = new Date(today);
  target.setUTCDate(target.getUTCDate() + 28);
  while (target.getUTCDay() !== 1) target.setUTCDate(target.getUTCDate() + 1);
  shiftDays = Math.round((target.getTime() - Date.parse('2030-05-27T00:00:00Z')) / 86_400_000);
}

async function setting(api: Api, o: { halfDays?: boolean; unit?: 'days' | 'hours'; balance?: number; allowNegative?: boolean } = {}) {
  const c = await signUp(api, 'tor');
  await followServerToday(api, c.token);
  const hr = (t: Company) => ({ token: t.token });
  const location = (await api.post('/v1/locations', { name: 'Berlin', timeZone: 'Europe/Berlin' }, hr(c))).body;
  await api.post(`/v1/locations/${location.id}/holidays`, { date: d('2030-05-30'), name: 'Ascension Day' }, hr(c));
  const bossUser = await userWithRole(api, c, 'manager');
  const workerUser = await userWithRole(api, c, 'employee');
  const boss = await hireAs(api, c, bossUser, { locationId: location.id });
  const worker = await hireAs(api, c, workerUser, { locationId: location.id, managerId: boss.id });
  const type = (await api.post('/v1/leave-types', { name: 'Vacation', halfDaysAllowed: o.halfDays ?? true, unit: o.unit ?? 'days' }, hr(c))).body;
  if (o.allowNegative) {
    await api.post('/v1/timeoff-policies', { leaveTypeId: type.id, name: 'Advance', yearlyEntitlement: 0, startsOn: `${d('2030-01-01').slice(0, 8)}01`, allowNegative: true }, hr(c));
  }
  if ((o.balance ?? 10) !== 0) {
    await api.post(`/v1/employees/${worker.id}/balances/adjustments`, { leaveTypeId: type.id, amount: o.balance ?? 10, reason: 'Opening balance' }, hr(c));
  }
  return { c, location, bossUser, workerUser, boss, worker, type };
}

const balanceOf = async (api: Api, token: string, employeeId: string, asOf = d('2030-12-31')) =>
  (await api.get(`/v1/employees/${employeeId}/balances?asOf=${asOf}`, { token })).body.items[0]?.balance;

export const timeoffRequestsContract: ContractCase = (target) => {
  describe('time off: requests', () => {
    test('a quote breaks the days down over the location calendar, with half days, and what would remain', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      // Tue 28 May (afternoon) to Mon 3 June (morning) 2030, Thursday 30 May a holiday.
      const quote = await api.post(
        '/v1/timeoff-quotes',
        { leaveTypeId: s.type.id, startDate: d('2030-05-28'), endDate: d('2030-06-03'), startHalf: 'afternoon', endHalf: 'morning' },
        { token: s.workerUser.token },
      );
      expect(quote.status).toBe(200);
      expect(quote.body.days.map((d: { kind: string; amount: number }) => `${d.kind}:${d.amount}`)).toEqual([
        'working:0.5',
        'working:1',
        'holiday:0',
        'working:1',
        'weekend:0',
        'weekend:0',
        'working:0.5',
      ]);
      expect(quote.body).toMatchObject({ employeeId: s.worker.id, amount: 3, balance: { ledger: 10, pending: 0, effective: 10, remaining: 7 }, sufficient: true, conflicts: [] });

      // Nothing was created by the quote.
      expect((await api.get('/v1/timeoff-requests', { token: s.c.token })).body.items).toEqual([]);
    });

    test('half days are refused for a type that does not allow them, naming the field', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api, { halfDays: false });
      const res = await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-05-28'), endDate: d('2030-05-28'), endHalf: 'morning' }, { token: s.workerUser.token });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('half_days_not_allowed');
      expect(res.body.errors[0].field).toBe('endHalf');
      const backwards = await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-05-28'), endDate: d('2030-05-27') }, { token: s.workerUser.token });
      expect(backwards.body).toMatchObject({ code: 'invalid_range', errors: [{ field: 'endDate' }] });
    });

    test('hour-unit types count hours: 8 a working day, or the hours given for one day', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api, { unit: 'hours', balance: 40 });
      const week = await api.post('/v1/timeoff-quotes', { leaveTypeId: s.type.id, startDate: d('2030-05-27'), endDate: d('2030-05-31') }, { token: s.workerUser.token });
      expect(week.body).toMatchObject({ unit: 'hours', amount: 32 });
      const short = await api.post('/v1/timeoff-quotes', { leaveTypeId: s.type.id, startDate: d('2030-05-27'), endDate: d('2030-05-27'), hours: 2.5 }, { token: s.workerUser.token });
      expect(short.body.amount).toBe(2.5);
      const spread = await api.post('/v1/timeoff-quotes', { leaveTypeId: s.type.id, startDate: d('2030-05-27'), endDate: d('2030-05-28'), hours: 2 }, { token: s.workerUser.token });
      expect(spread.body).toMatchObject({ code: 'hours_not_allowed', errors: [{ field: 'hours' }] });
    });

    test('submission refuses overlaps and shortfalls against the balance minus pending requests; a failure creates nothing', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api, { balance: 5 });
      const w = { token: s.workerUser.token };
      const first = await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-05'), endHalf: 'morning' }, w);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'pending', amount: 2.5, employeeId: s.worker.id });

      const overlap = await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-05'), endDate: d('2030-06-05') }, w);
      expect(overlap.status).toBe(409);
      expect(overlap.body.code).toBe('overlapping_request');
      // The afternoon of the day the first request ends at noon is free.
      const afternoon = await api.post('/v1/timeoff-quotes', { leaveTypeId: s.type.id, startDate: d('2030-06-05'), endDate: d('2030-06-05'), startHalf: 'afternoon' }, w);
      expect(afternoon.body.conflicts).toEqual([]);

      // 5 days, 2.5 pending: 3 more days is a shortfall.
      const short = await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-10'), endDate: d('2030-06-12') }, w);
      expect(short.status).toBe(422);
      expect(short.body.code).toBe('insufficient_balance');
      const listed = await api.get(`/v1/timeoff-requests?employeeId=${s.worker.id}`, { token: s.c.token });
      expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
    });

    test('a policy that allows a negative balance lets the request through', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api, { balance: 1, allowNegative: true });
      const res = await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-10'), endDate: d('2030-06-12') }, { token: s.workerUser.token });
      expect(res.status).toBe(201);
    });

    test('employees submit for themselves only, HR for anyone; reads follow the visibility rule', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      const colleagueUser = await userWithRole(api, s.c, 'employee');
      await hireAs(api, s.c, colleagueUser);
      const forOther = await api.post('/v1/timeoff-requests', { employeeId: s.worker.id, leaveTypeId: s.type.id, startDate: d('2030-06-10'), endDate: d('2030-06-10') }, { token: colleagueUser.token });
      expect(forOther.status).toBe(404);
      const byHr = await api.post('/v1/timeoff-requests', { employeeId: s.worker.id, leaveTypeId: s.type.id, startDate: d('2030-06-10'), endDate: d('2030-06-10') }, { token: s.c.token });
      expect(byHr.status).toBe(201);
      expect((await api.get(`/v1/timeoff-requests/${byHr.body.id}`, { token: s.workerUser.token })).status).toBe(200);
      expect((await api.get(`/v1/timeoff-requests/${byHr.body.id}`, { token: s.bossUser.token })).status).toBe(200);
      expect((await api.get(`/v1/timeoff-requests/${byHr.body.id}`, { token: colleagueUser.token })).status).toBe(404);
      expect((await api.get('/v1/timeoff-requests', { token: colleagueUser.token })).body.items).toEqual([]);
      expect((await api.get(`/v1/timeoff-requests?status=pending&from=${d('2030-06-10')}&to=${d('2030-06-10')}`, { token: s.bossUser.token })).body.items).toHaveLength(1);
      expect((await api.get(`/v1/timeoff-requests?from=${d('2030-06-11')}`, { token: s.c.token })).body.items).toEqual([]);

      // Another company cannot see it at all.
      const other = await signUp(api, 'tor-other');
      expect((await api.get(`/v1/timeoff-requests/${byHr.body.id}`, { token: other.token })).status).toBe(404);
    });
  });

  describe('time off: approval', () => {
    test('the manager approves by default: the days leave the balance; cancelling gives them back', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      const req = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-05') }, { token: s.workerUser.token })).body;
      const self = await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: s.workerUser.token });
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('self_approval');

      const approved = await api.post(`/v1/timeoff-requests/${req.id}/approve`, { comment: 'Enjoy' }, { token: s.bossUser.token });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', steps: [{ approver: 'manager', decision: 'approved', decidedBy: s.bossUser.id, via: 'approver' }] });
      expect(await balanceOf(api, s.c.token, s.worker.id)).toBe(7);
      // Each day off leaves the balance on its own day: as of the Tuesday, two of the three are taken.
      expect(await balanceOf(api, s.c.token, s.worker.id, d('2030-06-04'))).toBe(8);
      const taken = await api.get(`/v1/reports/leave-taken?from=${d('2030-06-01')}&to=${d('2030-06-30')}`, { token: s.c.token });
      expect(taken.body.items).toEqual([expect.objectContaining({ leaveTypeId: s.type.id, taken: 0, booked: 3, employees: 1 })]); // the dates lie ahead: booked, not taken
      expect((await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: s.bossUser.token })).body.code).toBe('request_not_pending');

      const inbox = (await api.get('/v1/notifications', { token: s.workerUser.token })).body.items;
      expect(inbox.map((n: { type: string }) => n.type)).toEqual(['timeoff.request_approved']);

      const cancelled = await api.post(`/v1/timeoff-requests/${req.id}/cancel`, {}, { token: s.workerUser.token });
      expect(cancelled.body.status).toBe('cancelled');
      expect(await balanceOf(api, s.c.token, s.worker.id)).toBe(10);
      expect((await api.post(`/v1/timeoff-requests/${req.id}/cancel`, {}, { token: s.workerUser.token })).body.code).toBe('request_closed');
    });

    test('a chain asks each step in turn, notifying only that step, and only the final decision tells the employee', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      const hrUser = await userWithRole(api, s.c, 'hr');
      const bigBossUser = await userWithRole(api, s.c, 'manager');
      const bigBoss = await hireAs(api, s.c, bigBossUser);
      await api.patch(`/v1/employees/${s.boss.id}`, { managerId: bigBoss.id }, { token: s.c.token, headers: { 'if-match': '*' } });
      const chain = await api.request(
        'PUT',
        `/v1/leave-types/${s.type.id}/approval-chain`,
        { steps: [{ approver: 'manager' }, { approver: 'manager_of_manager', minDays: 2 }, { approver: 'hr' }] },
        { token: s.c.token },
      );
      expect(chain.status).toBe(200);
      const badChain = await api.request('PUT', `/v1/leave-types/${s.type.id}/approval-chain`, { steps: [{ approver: 'ceo' }] }, { token: s.c.token });
      expect(badChain.status).toBe(400);

      // Two days: the manager-of-manager step (above 2 days) does not apply.
      const short = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-04') }, { token: s.workerUser.token })).body;
      expect(short.steps.map((x: { approver: unknown }) => x.approver)).toEqual(['manager', 'hr']);

      const long = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-10'), endDate: d('2030-06-12') }, { token: s.workerUser.token })).body;
      expect(long.steps).toHaveLength(3);
      const asks = async (token: string) => (await api.get('/v1/notifications', { token })).body.items.filter((n: { subject: string }) => n.subject === long.id).length;
      expect(await asks(s.bossUser.token)).toBe(1);
      expect(await asks(bigBossUser.token)).toBe(0);

      // The second step's approver sees the request (it is in their tree) but may not act out of turn.
      expect((await api.post(`/v1/timeoff-requests/${long.id}/approve`, {}, { token: bigBossUser.token })).body.code).toBe('not_current_approver');
      expect((await api.post(`/v1/timeoff-requests/${long.id}/approve`, {}, { token: s.bossUser.token })).body).toMatchObject({ status: 'pending', currentStep: 1 });
      expect(await asks(bigBossUser.token)).toBe(1);
      expect((await api.post(`/v1/timeoff-requests/${long.id}/approve`, {}, { token: s.bossUser.token })).body.code).toBe('not_current_approver');
      expect((await api.post(`/v1/timeoff-requests/${long.id}/approve`, {}, { token: bigBossUser.token })).body).toMatchObject({ status: 'pending', currentStep: 2 });
      expect(await asks(hrUser.token)).toBe(1);
      expect((await api.get('/v1/notifications', { token: s.workerUser.token })).body.items).toEqual([]);
      const rejected = await api.post(`/v1/timeoff-requests/${long.id}/reject`, { comment: 'Release week' }, { token: hrUser.token });
      expect(rejected.body.status).toBe('rejected');
      const inbox = (await api.get('/v1/notifications', { token: s.workerUser.token })).body.items;
      expect(inbox.map((n: { type: string }) => n.type)).toEqual(['timeoff.request_rejected']);
      // The projection to 2030-12-31 counts the two-day request that is still pending: 10 − 2.
      expect(await balanceOf(api, s.c.token, s.worker.id)).toBe(8);
    });

    test('HR overrides one step of the chain, with a reason; reject needs a comment', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      await api.request('PUT', `/v1/leave-types/${s.type.id}/approval-chain`, { steps: [{ approver: 'manager' }, { approver: 'manager_of_manager' }] }, { token: s.c.token });
      const req = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-03') }, { token: s.workerUser.token })).body;
      const noComment = await api.post(`/v1/timeoff-requests/${req.id}/reject`, {}, { token: s.bossUser.token });
      expect(noComment.body.errors[0].field).toBe('comment');
      const noReason = await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: s.c.token });
      expect(noReason.status).toBe(422);
      expect(noReason.body).toMatchObject({ code: 'override_reason_required', errors: [{ field: 'comment' }] });
      const overridden = await api.post(`/v1/timeoff-requests/${req.id}/approve`, { comment: 'Manager on sick leave' }, { token: s.c.token });
      // An override decides the step waiting, not the whole chain: the next step is someone else's.
      expect(overridden.body).toMatchObject({ status: 'pending', currentStep: 1 });
      expect(overridden.body.steps.map((x: { via: string | null }) => x.via)).toEqual(['override', null]);
      const again = await api.post(`/v1/timeoff-requests/${req.id}/approve`, { comment: 'And the second' }, { token: s.c.token });
      expect(again.body.code).toBe('already_decided_a_step');
      // Still pending: nothing taken (today's balance; a later date would project the pending day).
      expect((await api.get(`/v1/timeoff-requests/${req.id}`, { token: s.c.token })).body.status).toBe('pending');
      expect(await balanceOf(api, s.c.token, s.worker.id, new Date().toISOString().slice(0, 10))).toBe(10);
    });

    test('a delegate approves in the approver’s place during the delegation', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      const deputy = await userWithRole(api, s.c, 'employee');
      const req = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-03') }, { token: s.workerUser.token })).body;
      expect((await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: deputy.token })).status).toBe(404);
      const past = await api.request('PUT', '/v1/me/delegation', { delegateUserId: deputy.id, from: '2020-01-01', to: '2020-01-31' }, { token: s.bossUser.token });
      expect(past.status).toBe(200);
      expect((await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: deputy.token })).status).toBe(404);
      const today = new Date().toISOString().slice(0, 10);
      const bad = await api.request('PUT', '/v1/me/delegation', { delegateUserId: s.bossUser.id, from: today, to: today }, { token: s.bossUser.token });
      expect(bad.body).toMatchObject({ code: 'self_delegation', errors: [{ field: 'delegateUserId' }] });
      await api.request('PUT', '/v1/me/delegation', { delegateUserId: deputy.id, from: '2020-01-01', to: '2099-12-31' }, { token: s.bossUser.token });
      const approved = await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: deputy.token });
      expect(approved.body).toMatchObject({ status: 'approved', steps: [{ via: 'delegate', decidedBy: deputy.id }] });
    });

    test('HR staff request time off for themselves like anyone, and cannot approve it themselves', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      const hrUser = await userWithRole(api, s.c, 'hr');
      const hrEmployee = await hireAs(api, s.c, hrUser);
      await api.post(`/v1/employees/${hrEmployee.id}/balances/adjustments`, { leaveTypeId: s.type.id, amount: 5, reason: 'Opening balance' }, { token: s.c.token });
      const req = await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-03') }, { token: hrUser.token });
      expect(req.body).toMatchObject({ status: 'pending', employeeId: hrEmployee.id });
      const self = await api.post(`/v1/timeoff-requests/${req.body.id}/approve`, {}, { token: hrUser.token });
      expect(self.body.code).toBe('self_approval');
      // With no manager, HR approves: here the owner, overriding.
      expect((await api.post(`/v1/timeoff-requests/${req.body.id}/approve`, {}, { token: s.c.token })).body.status).toBe('approved');
    });

    test('bulk approval checks each request and reports per id', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      const w = { token: s.workerUser.token };
      const a = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-03') }, w)).body;
      const b = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-04'), endDate: d('2030-06-04') }, w)).body;
      await api.post(`/v1/timeoff-requests/${b.id}/cancel`, {}, w);
      const bossRequest = (await api.post('/v1/timeoff-requests', { employeeId: s.boss.id, leaveTypeId: s.type.id, startDate: d('2030-06-05'), endDate: d('2030-06-05') }, { token: s.c.token }));
      // The boss has no balance of this type: HR gives one first.
      expect(bossRequest.body.code).toBe('insufficient_balance');
      await api.post(`/v1/employees/${s.boss.id}/balances/adjustments`, { leaveTypeId: s.type.id, amount: 2, reason: 'Opening balance' }, { token: s.c.token });
      const own = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-05'), endDate: d('2030-06-05') }, { token: s.bossUser.token })).body;

      const res = await api.post('/v1/timeoff-approvals', { ids: [a.id, b.id, own.id] }, { token: s.bossUser.token });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id: a.id, ok: true, status: 'approved' },
        { id: b.id, ok: false, error: expect.objectContaining({ status: 409, code: 'request_not_pending' }) },
        { id: own.id, ok: false, error: expect.objectContaining({ status: 403, code: 'self_approval' }) },
      ]);
      expect(await balanceOf(api, s.c.token, s.worker.id)).toBe(9);
    });
  });

  describe('time off: team calendar', () => {
    test('managers and HR see types and pending requests; teammates see only that an approved absence exists', async () => {
      const api = new Api(target().baseUrl);
      const s = await setting(api);
      const mateUser = await userWithRole(api, s.c, 'employee');
      const mate = await hireAs(api, s.c, mateUser, { managerId: s.boss.id });
      const strangerUser = await userWithRole(api, s.c, 'employee');
      await hireAs(api, s.c, strangerUser);
      const w = { token: s.workerUser.token };
      const approved = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-03'), endDate: d('2030-06-04') }, w)).body;
      await api.post(`/v1/timeoff-requests/${approved.id}/approve`, {}, { token: s.bossUser.token });
      const pending = (await api.post('/v1/timeoff-requests', { leaveTypeId: s.type.id, startDate: d('2030-06-10'), endDate: d('2030-06-10') }, w)).body;

      const range = `/v1/timeoff-calendar?from=${d('2030-06-01')}&to=${d('2030-06-30')}`;
      const byBoss = (await api.get(range, { token: s.bossUser.token })).body.items;
      expect(byBoss.map((i: { id: string; status: string; leaveTypeId: string }) => [i.id, i.status, i.leaveTypeId])).toEqual([
        [approved.id, 'approved', s.type.id],
        [pending.id, 'pending', s.type.id],
      ]);
      const byMate = (await api.get(range, { token: mateUser.token })).body.items;
      expect(byMate).toEqual([expect.objectContaining({ employeeId: s.worker.id, status: 'off', leaveTypeId: null, startDate: d('2030-06-03') })]);
      expect((await api.get(range, { token: strangerUser.token })).body.items).toEqual([]);
      expect((await api.get(`${range}&managerId=${mate.id}`, { token: s.c.token })).body.items).toEqual([]);
      expect((await api.get(`${range}&managerId=${s.boss.id}`, { token: s.c.token })).body.items).toHaveLength(2);
      const backwards = await api.get(`/v1/timeoff-calendar?from=${d('2030-06-30')}&to=${d('2030-06-01')}`, { token: s.c.token });
      expect(backwards.body).toMatchObject({ code: 'invalid_range', errors: [{ field: 'to' }] });
    });
  });
};
