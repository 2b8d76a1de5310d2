import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole, type Company, hireAs } from './client';
import type { ContractCase } from './suite';

/**
 * The cases of issue 11 over HTTP. The company is in Europe/Berlin; the policy is monthly,
 * 24 days a year (2 a month), starting on the first of the month eleven months ago. Dates
 * are relative to the server's today, so the tests hold whenever they run; each comment works
 * the arithmetic for the issue's day, "today" 2026-12-01 (policy from 2026-01-01).
 */
const zone = 'Europe/Berlin';
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const pad = (n: number) => String(n).padStart(2, '0');
/** The first of the month `n` months before this one (n may be negative). */
const monthStart = (n: number) => {
  const t = today();
  const d = new Date(Date.UTC(Number(t.slice(0, 4)), Number(t.slice(5, 7)) - 1 - n, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`;
};
const daysIn = (firstOfMonth: string) => new Date(Date.UTC(Number(firstOfMonth.slice(0, 4)), Number(firstOfMonth.slice(5, 7)), 0)).getUTCDate();
const day = (firstOfMonth: string, d: number) => `${firstOfMonth.slice(0, 8)}${pad(d)}`;
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const r2 = (n: number) => Math.round(n * 100) / 100;

async function company(api: Api, prefix: string) {
  const c = await signUp(api, prefix);
  const set = await api.patch('/v1/settings', { timeZone: zone }, { token: c.token });
  expect(set.status).toBe(200);
  const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
  return { c, type };
}

const monthly = (leaveTypeId: string, extra: Record<string, unknown> = {}) => ({ leaveTypeId, name: 'Standard', yearlyEntitlement: 24, startsOn: monthStart(11), ...extra });

async function balance(api: Api, c: Company, employeeId: string, asOf?: string): Promise<number> {
  const res = await api.get(`/v1/employees/${employeeId}/balances${asOf ? `?asOf=${asOf}` : ''}`, { token: c.token });
  expect(res.status).toBe(200);
  return res.body.items[0]?.balance ?? 0;
}

/** The stored ledger: its rows up to a date must sum to the balance, each row with a reason. */
async function ledgerSum(api: Api, c: Company, employeeId: string, asOf = today()): Promise<number> {
  const rows: { amount: number; effectiveOn: string; reason: string | null }[] = (await api.get(`/v1/employees/${employeeId}/ledger`, { token: c.token })).body.items;
  expect(rows.every((r) => typeof r.reason === 'string' && r.reason.length > 0)).toBe(true);
  return r2(rows.filter((r) => r.effectiveOn <= asOf).reduce((s, r) => s + r.amount, 0));
}

const life = (api: Api, c: Company, id: string, body: Record<string, unknown>) => api.post(`/v1/employees/${id}/lifecycle`, body, { token: c.token });

export const ledgerContract: ContractCase = (target) => {
  describe('time off: the ledger follows the employee', () => {
    test('case 1: hires under an existing policy, and a policy created after hires, have their balance on the next read', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led1');
      // Employed since 2022, before any policy existed.
      const veteran = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-03-01' }), { token: c.token })).body;
      const created = await api.post('/v1/timeoff-policies', monthly(type.id), { token: c.token });
      expect(created.status).toBe(201);
      // Eleven months before this one through this one: 12 accruals of 2 = 24 (2026-01 … 2026-12).
      expect(await balance(api, c, veteran.id)).toBe(24);
      expect(created.body.ledger.find((i: { employeeId: string }) => i.employeeId === veteran.id).rows).toHaveLength(12);
      // A hire on the first of last month: last month and this one, 2 + 2 = 4 (2026-11-01 hire → 4).
      const hire = (await api.post('/v1/employees', newEmployee({ hireDate: monthStart(1) }), { token: c.token })).body;
      expect(await balance(api, c, hire.id)).toBe(4);
      expect(await ledgerSum(api, c, hire.id)).toBe(4);
      const quote = await api.post('/v1/timeoff-quotes', { employeeId: hire.id, leaveTypeId: type.id, startDate: addDays(today(), 14), endDate: addDays(today(), 14) }, { token: c.token });
      expect(quote.body.sufficient).toBe(true);
      // A run finds nothing left to do.
      expect((await api.post(`/v1/timeoff-policies/${created.body.id}/accruals`, {}, { token: c.token })).body.granted).toBe(0);
    });

    test('case 1b: hires imported from a file have their ledger too, each row caused by its own hire, a hire imported as already left settled', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led1b');
      await api.post('/v1/timeoff-policies', monthly(type.id), { token: c.token });
      // Three hires in one file: on the first of last month (2 + 2 = 4), of this month (2), and one who has already left.
      const csv = [
        'externalId,firstName,lastName,workEmail,hireDate,status',
        `I1,Ina,One,ina@led1b.test,${monthStart(1)},active`,
        `I2,Ivo,Two,ivo@led1b.test,${monthStart(0)},active`,
        `I3,Isa,Gone,isa@led1b.test,${monthStart(2)},terminated`,
      ].join('\n');
      const done = await api.request('POST', '/v1/employee-imports', undefined, { token: c.token, raw: csv, headers: { 'content-type': 'text/csv' } });
      expect(done.status).toBe(201);
      expect(done.body.created).toBe(3);
      const staff: { id: string; workEmail: string }[] = (await api.get('/v1/employees?limit=10', { token: c.token })).body.items;
      const id = (email: string) => staff.find((e) => e.workEmail === email)!.id;
      expect(await balance(api, c, id('ina@led1b.test'))).toBe(4);
      expect(await ledgerSum(api, c, id('ina@led1b.test'))).toBe(4);
      expect(await balance(api, c, id('ivo@led1b.test'))).toBe(2);
      // Each hire's rows name that hire's own history row as their cause.
      for (const email of ['ina@led1b.test', 'ivo@led1b.test']) {
        const history = (await api.get(`/v1/employees/${id(email)}/lifecycle`, { token: c.token })).body.items;
        const hireRow = history.find((h: { type: string }) => h.type === 'hire');
        const rows = (await api.get(`/v1/employees/${id(email)}/ledger`, { token: c.token })).body.items;
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r: { cause: string; reason: string }) => r.cause === hireRow.id && r.reason.startsWith('Hired from'))).toBe(true);
      }
      // Hired two months back and terminated today (the file's status): accrued, then settled to what today's last day earned.
      const gone = id('isa@led1b.test');
      expect(await ledgerSum(api, c, gone)).toBe(await balance(api, c, gone));
      // Nothing left to do: a run of the policy writes no row for any of them.
      const policies = (await api.get('/v1/timeoff-policies', { token: c.token })).body.items;
      expect((await api.post(`/v1/timeoff-policies/${policies[0].id}/accruals`, {}, { token: c.token })).body.granted).toBe(0);
    });

    test('case 2: a back-dated termination, a hire-date correction and a rehire are recomputed', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led2');
      await api.post('/v1/timeoff-policies', monthly(type.id), { token: c.token });
      const leaver = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01' }), { token: c.token })).body;
      const last = monthStart(1);
      const lastDay = day(last, 15);
      // Ten whole months (2 each) and the 15 days of last month: 20 + 2 × 15/30 = 21.0 (termination 2026-11-15).
      const expected = r2(20 + r2((2 * 15) / daysIn(last)));
      const preview = await life(api, c, leaver.id, { type: 'termination', effectiveDate: lastDay, reason: 'Moved away', dryRun: true });
      expect(preview.status).toBe(201);
      expect(preview.body.dryRun).toBe(true);
      expect(await balance(api, c, leaver.id)).toBe(24);
      const left = await life(api, c, leaver.id, { type: 'termination', effectiveDate: lastDay, reason: 'Moved away' });
      // The real call writes exactly the rows the preview announced.
      expect(left.body.ledger).toEqual(preview.body.ledger);
      expect(left.body.ledger[0].rows.every((r: { reason: string }) => r.reason.startsWith(`Terminated effective ${lastDay}`))).toBe(true);
      expect(await balance(api, c, leaver.id)).toBe(expected);
      expect(await balance(api, c, leaver.id, lastDay)).toBe(expected);
      expect(await ledgerSum(api, c, leaver.id)).toBe(expected);
      expect(left.body.finalBalances).toEqual([{ leaveTypeId: type.id, asOf: lastDay, balance: expected }]);
      // The record's balances say the figure is final: the employment ended on its last day.
      expect((await api.get(`/v1/employees/${leaver.id}/balances`, { token: c.token })).body).toMatchObject({ lastDay, items: [{ balance: expected }] });

      // Hired on the 1st of last month, corrected to the 20th: 2 × 11/30 + 2 = 2.73 (2026-11-01 → 2026-11-20).
      const late = (await api.post('/v1/employees', newEmployee({ hireDate: last }), { token: c.token })).body;
      expect(await balance(api, c, late.id)).toBe(4);
      const corrected = await life(api, c, late.id, { type: 'hire_date_correction', hireDate: day(last, 20), reason: 'Contract signed late' });
      expect(corrected.status).toBe(201);
      expect(corrected.body.employee.hireDate).toBe(day(last, 20));
      const shorter = r2(r2((2 * (daysIn(last) - 19)) / daysIn(last)) + 2);
      expect(await balance(api, c, late.id)).toBe(shorter);
      expect(await ledgerSum(api, c, late.id)).toBe(shorter);
      // The day before the corrected hire date, nothing had accrued.
      expect(await balance(api, c, late.id, day(last, 19))).toBe(0);

      // Left on the 10th three months ago, rehired on the 1st of last month: a new period, the old hire date kept.
      const back = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01' }), { token: c.token })).body;
      const gone = day(monthStart(3), 10);
      await life(api, c, back.id, { type: 'termination', effectiveDate: gone, reason: 'Sabbatical' });
      const before = await balance(api, c, back.id, gone);
      expect(before).toBeGreaterThan(0);
      const rehired = await life(api, c, back.id, { type: 'rehire', effectiveDate: last });
      expect(rehired.status).toBe(201);
      // The earlier employment's balance was settled; the new one earns last month and this: 4 (2026-11-01 rehire → 4).
      expect(await balance(api, c, back.id)).toBe(4);
      expect(await balance(api, c, back.id, gone)).toBe(before);
      const rows = (await api.get(`/v1/employees/${back.id}/ledger`, { token: c.token })).body.items;
      expect(rows.find((r: { kind: string }) => r.kind === 'settlement')).toMatchObject({ effectiveOn: last, amount: -before });
      const history = (await api.get(`/v1/employees/${back.id}/lifecycle`, { token: c.token })).body.items;
      expect(history.filter((e: { type: string }) => e.type === 'hire')[0].changes.hireDate).toBe('2022-01-01');
    });

    test('case 3: the check sees next January’s cap: a request that would go below zero is refused with the date and the amount', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led3');
      const y = Number(today().slice(0, 4));
      await api.post('/v1/timeoff-policies', { ...monthly(type.id), startsOn: `${y}-01-01`, carryOverCap: 5, carryOverExpiresAfterMonths: 3 }, { token: c.token });
      const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01' }), { token: c.token })).body;
      // By 31 December all twelve months have accrued: 24. On 1 January the cap keeps 5 (removes 19),
      // January adds 2: 7 available in January. Ten working days from the first Monday after the 5th: 7 − 10 = −3.
      let start = `${y + 1}-01-05`;
      while (new Date(`${start}T00:00:00Z`).getUTCDay() !== 1) start = addDays(start, 1);
      const end = addDays(start, 11);
      expect(await balance(api, c, emp.id, `${y}-12-31`)).toBe(24);
      const jan = await api.get(`/v1/employees/${emp.id}/balances?asOf=${start}`, { token: c.token });
      expect(jan.body).toMatchObject({ projected: true, items: [{ leaveTypeId: type.id, balance: 7 }] });
      const quote = await api.post('/v1/timeoff-quotes', { employeeId: emp.id, leaveTypeId: type.id, startDate: start, endDate: end }, { token: c.token });
      expect(quote.body).toMatchObject({ amount: 10, sufficient: false, shortfall: { date: end, amount: 3 } });
      const refused = await api.post('/v1/timeoff-requests', { employeeId: emp.id, leaveTypeId: type.id, startDate: start, endDate: end }, { token: c.token });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('insufficient_balance');
      expect(refused.body.detail).toContain(end);
      expect(refused.body.detail).toContain('3 days short');
      // Seven days fit.
      const seven = await api.post('/v1/timeoff-requests', { employeeId: emp.id, leaveTypeId: type.id, startDate: start, endDate: addDays(start, 8) }, { token: c.token });
      expect(seven.status).toBe(201);
    });

    test('case 4: allowNegative is read from the policy governing that employee, not from any policy of the type', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led4');
      await api.post('/v1/timeoff-policies', monthly(type.id), { token: c.token });
      const advanced = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01' }), { token: c.token })).body;
      const colleague = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01' }), { token: c.token })).body;
      await api.post('/v1/timeoff-policies', { ...monthly(type.id), name: 'Advance', allowNegative: true, appliesTo: { scope: 'employee', employeeId: advanced.id } }, { token: c.token });
      // Twelve weeks from a Monday a month ahead: 60 working days against at most 24 + 6 accrued by then.
      let start = addDays(today(), 30);
      while (new Date(`${start}T00:00:00Z`).getUTCDay() !== 1) start = addDays(start, 1);
      const body = (employeeId: string) => ({ employeeId, leaveTypeId: type.id, startDate: start, endDate: addDays(start, 7 * 12 - 3) });
      const refused = await api.post('/v1/timeoff-requests', body(colleague.id), { token: c.token });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('insufficient_balance');
      const quote = await api.post('/v1/timeoff-quotes', body(colleague.id), { token: c.token });
      expect(quote.body.allowNegative).toBe(false);
      const accepted = await api.post('/v1/timeoff-requests', body(advanced.id), { token: c.token });
      expect(accepted.status).toBe(201);
    });

    test('case 5: one governing policy per month: a yearly and a monthly policy never both pay; scope follows the history; a yearly grant is clawed back at termination', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led5');
      const dep = async (name: string) => (await api.post('/v1/departments', { name }, { token: c.token })).body;
      const [ops, lab, club] = [await dep('Ops'), await dep('Lab'), await dep('Club')];
      await api.post('/v1/timeoff-policies', monthly(type.id), { token: c.token });
      const m = Number(today().slice(5, 7));
      // A yearly policy for Lab from this month: Lab's months up to last one are monthly (11 × 2 = 22),
      // this month on is the yearly grant, months to December (24 × 1/12 = 2 in December): 24, not 26.
      await api.post('/v1/timeoff-policies', { leaveTypeId: type.id, name: 'Lab yearly', yearlyEntitlement: 24, accrual: 'yearly', startsOn: monthStart(0), appliesTo: { scope: 'department', departmentId: lab.id } }, { token: c.token });
      const labber = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01', departmentId: lab.id }), { token: c.token })).body;
      expect(await balance(api, c, labber.id)).toBe(r2(22 + (24 * (13 - m)) / 12));

      // Ops earns 12 a year. Someone in Club transferred to Ops three months ago (back-dated):
      // 8 months at 2, then 4 months (three months ago through this one) at 1: 16 + 4 = 20.
      await api.post('/v1/timeoff-policies', { ...monthly(type.id), name: 'Ops', yearlyEntitlement: 12, appliesTo: { scope: 'department', departmentId: ops.id } }, { token: c.token });
      const mover = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01', departmentId: club.id }), { token: c.token })).body;
      expect(await balance(api, c, mover.id)).toBe(24);
      const preview = await life(api, c, mover.id, { type: 'transfer', effectiveDate: monthStart(3), departmentId: ops.id, dryRun: true });
      const moved = await life(api, c, mover.id, { type: 'transfer', effectiveDate: monthStart(3), departmentId: ops.id });
      expect(moved.body.ledger).toEqual(preview.body.ledger);
      expect(await balance(api, c, mover.id)).toBe(20);
      expect(await ledgerSum(api, c, mover.id)).toBe(20);

      // A yearly policy (Club) from eleven months ago grants the months ahead at once; leaving on the
      // 10th of last month keeps eleven months of it: 22 (2026: 24 granted 01-01, 2 clawed back).
      await api.post('/v1/timeoff-policies', { leaveTypeId: type.id, name: 'Club yearly', yearlyEntitlement: 24, accrual: 'yearly', startsOn: monthStart(11), appliesTo: { scope: 'department', departmentId: club.id } }, { token: c.token });
      const clubber = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01', departmentId: club.id }), { token: c.token })).body;
      const granted = await balance(api, c, clubber.id);
      expect(granted).toBeGreaterThanOrEqual(24);
      await life(api, c, clubber.id, { type: 'termination', effectiveDate: day(monthStart(1), 10), reason: 'Left' });
      expect(await balance(api, c, clubber.id)).toBe(22);
      expect(await ledgerSum(api, c, clubber.id)).toBe(22);
    });

    test('termination cancels leave after the last day, tells the employee, and HR may keep it flagged instead', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led6');
      await api.post('/v1/timeoff-policies', monthly(type.id), { token: c.token });
      const user = await userWithRole(api, c, 'employee');
      const a = await hireAs(api, c, user, { hireDate: '2022-01-01' });
      const b = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01' }), { token: c.token })).body;
      let later = addDays(today(), 40);
      while ([0, 6].includes(new Date(`${later}T00:00:00Z`).getUTCDay())) later = addDays(later, 1);
      const ask = async (id: string) => {
        const res = await api.post('/v1/timeoff-requests', { employeeId: id, leaveTypeId: type.id, startDate: later, endDate: later }, { token: c.token });
        expect(res.status).toBe(201);
        return res.body;
      };
      const [ra, rb] = [await ask(a.id), await ask(b.id)];
      const approved = await api.post(`/v1/timeoff-requests/${ra.id}/approve`, {}, { token: c.token });
      expect(approved.body.status).toBe('approved');
      const lastDay = addDays(today(), 20);
      const left = await life(api, c, a.id, { type: 'termination', effectiveDate: lastDay, reason: 'Leaving' });
      expect(left.body.cancelledRequests).toEqual([ra.id]);
      expect((await api.get(`/v1/timeoff-requests/${ra.id}`, { token: c.token })).body.status).toBe('cancelled');
      const inbox = (await api.get('/v1/notifications', { token: user.token })).body.items;
      expect(inbox.map((n: { title: string }) => n.title)).toContain('Time off cancelled: employment ends');
      // The approved day was given back, and nothing accrues after the last day.
      expect(await balance(api, c, a.id, later)).toBe(await balance(api, c, a.id, lastDay));
      const kept = await life(api, c, b.id, { type: 'termination', effectiveDate: lastDay, reason: 'Leaving', keepFutureLeave: true });
      expect(kept.body).toMatchObject({ cancelledRequests: [], flaggedRequests: [rb.id] });
      expect((await api.get(`/v1/timeoff-requests/${rb.id}`, { token: c.token })).body.status).toBe('pending');
    });

    test('a policy edit and a retirement correct the ledger at once; the dry run writes nothing and names the same rows', async () => {
      const api = new Api(target().baseUrl);
      const { c, type } = await company(api, 'led7');
      const p = (await api.post('/v1/timeoff-policies', monthly(type.id), { token: c.token })).body;
      const emp = (await api.post('/v1/employees', newEmployee({ hireDate: '2022-01-01' }), { token: c.token })).body;
      expect(await balance(api, c, emp.id)).toBe(24);
      const dry = await api.patch(`/v1/timeoff-policies/${p.id}`, { yearlyEntitlement: 12, dryRun: true }, { token: c.token });
      expect(dry.status).toBe(200);
      expect(await balance(api, c, emp.id)).toBe(24);
      const real = await api.patch(`/v1/timeoff-policies/${p.id}`, { yearlyEntitlement: 12 }, { token: c.token });
      expect(real.body.ledger).toEqual(dry.body.ledger);
      // Twelve months at 1: 12.
      expect(await balance(api, c, emp.id)).toBe(12);
      // Retired from this month: eleven months remain.
      await api.patch(`/v1/timeoff-policies/${p.id}`, { endsOn: monthStart(0) }, { token: c.token });
      expect(await balance(api, c, emp.id)).toBe(11);
      expect(await ledgerSum(api, c, emp.id)).toBe(11);
      const bad = await api.patch(`/v1/timeoff-policies/${p.id}`, { endsOn: '2020-01-01' }, { token: c.token });
      expect(bad.body.errors[0].field).toBe('endsOn');
    });
  });
};
