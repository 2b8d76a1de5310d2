import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field).sort();

/** A June 2024 payroll: a raise mid-month, a hire and a leaver in the month, one who left before, worked days and leave. */
async function june(api: Api) {
  const c = await signUp(api, 'payroll');
  const hire = async (o: Record<string, unknown>) => {
    const res = await api.post('/v1/employees', newEmployee(o), { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const pay = async (id: string, effectiveDate: string, amount: string, o: Record<string, unknown> = {}) => {
    const res = await api.post(`/v1/employees/${id}/compensation`, { effectiveDate, amount, currency: 'EUR', frequency: 'monthly', reason: 'merit', ...o }, { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  };
  const ann = await hire({ lastName: 'A-Ann', externalId: 'P-1', hireDate: '2024-01-01' });
  const bob = await hire({ lastName: 'B-Bob', hireDate: '2024-06-10' });
  const cat = await hire({ lastName: 'C-Cat', hireDate: '2022-01-01' });
  const dan = await hire({ lastName: 'D-Dan', hireDate: '2022-01-01' });
  await pay(ann, '2024-01-01', '3000', { payGrade: 'P2', costCentre: 'CC-1' });
  await pay(ann, '2024-06-16', '3100', { payGrade: 'P3', costCentre: 'CC-1' });
  await pay(bob, '2024-06-10', '3000');
  await pay(cat, '2022-01-01', '3000');
  for (const [id, effectiveDate] of [[cat, '2024-06-20'], [dan, '2024-05-31']] as const) {
    const res = await api.post(`/v1/employees/${id}/lifecycle`, { type: 'termination', effectiveDate, reason: 'Moved away' }, { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  // Two worked days for Ann, by HR's correction (the punches of past days).
  for (const [day, out] of [['2024-06-03', '17:30'], ['2024-06-04', '16:00']] as const) {
    const res = await api.post('/v1/attendance/corrections', { employeeId: ann, workDate: day, reason: 'Paper timesheet', punches: [{ kind: 'in', at: `${day}T08:00:00Z` }, { kind: 'out', at: `${day}T${out}:00Z` }] }, { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  // A leave type, a balance for the leaver, and what she had taken of it.
  const annual = (await api.post('/v1/leave-types', { name: 'Annual leave' }, { token: c.token })).body.id as string;
  await api.post(`/v1/employees/${cat}/balances/adjustments`, { leaveTypeId: annual, amount: 12.5, reason: 'Opening balance', effectiveOn: '2024-01-01' }, { token: c.token });
  await api.post(`/v1/custom-fields`, { key: 'tax_class', label: 'Tax class', type: 'single_select', options: ['1', '2', '3', '4', '5', '6'], tier: 'hr', payroll: true }, { token: c.token });
  await api.post(`/v1/custom-fields`, { key: 'shirt', label: 'Shirt', type: 'text', tier: 'directory' }, { token: c.token });
  await api.patch(`/v1/employees/${ann}/custom-fields`, { values: { tax_class: '3', shirt: 'M' } }, { token: c.token });
  return { c, ann, bob, cat, dan, annual };
}

export const payrollContract: ContractCase = (target) => {
  describe('payroll-period export', () => {
    test('one row per employee of the period, pay prorated by days, hires and leavers with their dates', async () => {
      const api = new Api(target().baseUrl);
      const { c, ann, bob, cat, dan } = await june(api);
      const res = await api.get('/v1/exports/payroll?month=2024-06', { token: c.token });
      expect(res.status).toBe(200);
      expect([res.body.from, res.body.to]).toEqual(['2024-06-01', '2024-06-30']);
      const byId = new Map(res.body.items.map((r: { employeeId: string }) => [r.employeeId, r]));
      expect([...byId.keys()]).toEqual([ann, bob, cat]);
      expect(byId.has(dan)).toBe(false);
      expect(byId.get(ann)).toMatchObject({ externalId: 'P-1', amount: '3100', payGrade: 'P3', costCentre: 'CC-1', currency: 'EUR', frequency: 'monthly', payChanges: '2024-06-16 3100 EUR', proratedPay: '3050.00', employedDays: 30, hiredOn: null, leftOn: null, 'custom.tax_class': '3' });
      expect(byId.get(bob)).toMatchObject({ periodFrom: '2024-06-10', employedDays: 21, proratedPay: '2100.00', hiredOn: '2024-06-10', payChanges: '2024-06-10 3000 EUR' });
      expect(byId.get(cat)).toMatchObject({ periodTo: '2024-06-20', employedDays: 20, proratedPay: '2000.00', leftOn: '2024-06-20', finalLeaveBalance: 'Annual leave: 12.5' });
      // Only the payroll custom fields are columns; the rest stay out.
      expect(res.body.columns.filter((c: string) => c.startsWith('custom.'))).toEqual(['custom.tax_class']);
    });

    test('someone who left and was rehired within the period has a row for each employment, each with its own dates and pay', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'payrehire');
      const eve = (await api.post('/v1/employees', newEmployee({ lastName: 'E-Eve', hireDate: '2022-01-01' }), { token: c.token })).body.id as string;
      await api.post(`/v1/employees/${eve}/compensation`, { effectiveDate: '2022-01-01', amount: '3000', currency: 'EUR', frequency: 'monthly', reason: 'hire' }, { token: c.token });
      const left = await api.post(`/v1/employees/${eve}/lifecycle`, { type: 'termination', effectiveDate: '2024-06-10', reason: 'Moved away' }, { token: c.token });
      expect(left.status).toBe(201);
      const back = await api.post(`/v1/employees/${eve}/lifecycle`, { type: 'rehire', effectiveDate: '2024-06-21' }, { token: c.token });
      expect(back.status).toBe(201);
      const rows = (await api.get('/v1/exports/payroll?month=2024-06', { token: c.token })).body.items;
      // June has 30 days: ten employed before leaving (1st–10th), ten after the rehire (21st–30th), the gap unpaid.
      expect(rows.map((r: Record<string, unknown>) => [r.employeeId, r.periodFrom, r.periodTo, r.employedDays, r.hiredOn, r.leftOn, r.proratedPay])).toEqual([
        [eve, '2024-06-01', '2024-06-10', 10, null, '2024-06-10', '1000.00'],
        [eve, '2024-06-21', '2024-06-30', 10, '2024-06-21', null, '1000.00'],
      ]);
      // The month before knows one employment, whole; the month after, the new one, whole.
      const may = (await api.get('/v1/exports/payroll?month=2024-05', { token: c.token })).body.items;
      expect(may.map((r: Record<string, unknown>) => [r.employedDays, r.hiredOn, r.leftOn, r.proratedPay])).toEqual([[31, null, null, '3000.00']]);
      const july = (await api.get('/v1/exports/payroll?month=2024-07', { token: c.token })).body.items;
      expect(july.map((r: Record<string, unknown>) => [r.employedDays, r.hiredOn, r.leftOn, r.proratedPay])).toEqual([[31, null, null, '3000.00']]);
    });

    test('it reconciles with the timesheets, the compensation history and the ledger', async () => {
      const api = new Api(target().baseUrl);
      const { c, ann, cat, annual } = await june(api);
      const rows = (await api.get('/v1/exports/payroll?from=2024-06-01&to=2024-06-30', { token: c.token })).body.items;
      for (const row of rows) {
        const sheet = (await api.get(`/v1/attendance/timesheet?employeeId=${row.employeeId}&from=${row.periodFrom}&to=${row.periodTo}`, { token: c.token })).body;
        expect([row.employeeId, row.workedMinutes, row.scheduledMinutes, row.absences]).toEqual([row.employeeId, sheet.totals.workedMinutes, sheet.totals.scheduledMinutes, sheet.totals.absences]);
        const pay = (await api.get(`/v1/employees/${row.employeeId}/compensation?asOf=${row.periodTo}`, { token: c.token })).body.current;
        expect([row.amount, row.currency, row.payGrade]).toEqual([pay.amount, pay.currency, pay.payGrade]);
      }
      const annRow = rows.find((r: { employeeId: string }) => r.employeeId === ann);
      expect([annRow.workedMinutes, annRow.overtimeMinutes]).toEqual([570 + 480, 570 + 480]); // no schedule: every minute is beyond it
      const balance = (await api.get(`/v1/employees/${cat}/balances?asOf=2024-06-20`, { token: c.token })).body;
      const annualBalance = (balance.items ?? balance).find((b: { leaveTypeId: string }) => b.leaveTypeId === annual);
      expect(rows.find((r: { employeeId: string }) => r.employeeId === cat).finalLeaveBalance).toBe(`Annual leave: ${annualBalance.balance}`);
    });

    test('the CSV has the documented columns in their order; it is HR’s alone; a bad period is named', async () => {
      const api = new Api(target().baseUrl);
      const { c, ann } = await june(api);
      const csv = (await api.get('/v1/exports/payroll.csv?month=2024-06', { token: c.token })).body as string;
      expect(csv.split('\n')[0]).toBe(
        'employeeId,externalId,firstName,lastName,department,location,periodFrom,periodTo,employedDays,currency,frequency,amount,payGrade,costCentre,fte,payChanges,proratedPay,workedMinutes,overtimeMinutes,scheduledMinutes,absences,paidLeaveDays,unpaidLeaveDays,leaveByType,hiredOn,leftOn,finalLeaveBalance,custom.tax_class',
      );
      expect(csv).toContain(`${ann},P-1,`);
      const manager = await userWithRole(api, c, 'manager');
      for (const path of ['/v1/exports/payroll.csv?month=2024-06', '/v1/exports/payroll?month=2024-06']) expect((await api.get(path, { token: manager.token })).status).toBe(403);
      const bad = async (query: string) => {
        const res = await api.get(`/v1/exports/payroll?${query}`, { token: c.token });
        return [res.status, fieldsOf(res)];
      };
      expect(await bad('month=2024-13')).toEqual([400, ['month']]);
      // The rules between the fields, which the API document cannot state, are 422 with a code.
      expect(await bad('from=2024-06-01')).toEqual([422, ['to']]);
      expect(await bad('from=2024-06-30&to=2024-06-01')).toEqual([422, ['to']]);
      expect(await bad('from=2023-01-01&to=2024-06-01')).toEqual([422, ['to']]);
      expect(await bad('month=2024-06&from=2024-06-01&to=2024-06-30')).toEqual([422, ['month']]);
    });
  });
};
