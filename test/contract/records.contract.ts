import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole, hireAs } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

const postCsv = (api: Api, path: string, csv: string, token: string) =>
  api.request('POST', path, undefined, { token, raw: csv, headers: { 'content-type': 'text/csv' } });

/** The audit log, reports, and CSV import and export. */
export const recordsContract: ContractCase = (target) => {
  describe('audit log', () => {
    test('every command is logged with who, when, which request and what changed; HR filters it', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'audit');
      const hr = await userWithRole(api, c, 'hr');
      const emp = await api.post('/v1/employees', newEmployee({ jobTitle: 'Clerk' }), { token: hr.token, headers: { 'x-request-id': 'req-audit-1' } });
      await api.patch(`/v1/employees/${emp.body.id}`, { jobTitle: 'Senior clerk' }, { token: c.token, headers: { 'if-match': emp.headers.get('etag')! } });
      await api.post('/v1/employees', newEmployee(), { token: c.token });

      const mine = await api.get(`/v1/audit?employeeId=${emp.body.id}`, { token: hr.token });
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((r: { action: string }) => r.action)).toEqual(['employees.update', 'employees.create']);
      const [update, create] = mine.body.items;
      expect(create).toMatchObject({ requestId: 'req-audit-1', actor: { kind: 'user', id: hr.id } });
      expect(update.changes[0]).toMatchObject({ entity: 'employee', id: emp.body.id, before: { jobTitle: 'Clerk' }, after: { jobTitle: 'Senior clerk' } });
      const byHr = await api.get(`/v1/audit?actorId=${hr.id}&action=employees.create`, { token: c.token });
      expect(byHr.body.items).toHaveLength(1);
      const future = await api.get('/v1/audit?from=2999-01-01', { token: c.token });
      expect(future.body.items).toEqual([]);
      const paged = await api.get('/v1/audit?limit=1', { token: c.token });
      const next = await api.get(`/v1/audit?limit=1&cursor=${paged.body.nextCursor}`, { token: c.token });
      expect(next.body.items[0].id).toBeLessThan(paged.body.items[0].id);
      const employee = await userWithRole(api, c, 'employee');
      expect((await api.get('/v1/audit', { token: employee.token })).status).toBe(403);
      const bad = await api.get('/v1/audit?from=yesterday', { token: c.token });
      expect(bad.body.errors[0].field).toBe('from');
    });
  });

  describe('reports', () => {
    test('headcount by department as of a date, turnover in a period, leave taken by type', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'report');
      const a = (await api.post('/v1/employees', newEmployee({ department: 'Sales', hireDate: '2020-01-01' }), { token: c.token })).body;
      await api.post('/v1/employees', newEmployee({ department: 'Sales', hireDate: '2023-06-01' }), { token: c.token });
      await api.post('/v1/employees', newEmployee({ department: 'Ops', hireDate: '2021-01-01' }), { token: c.token });
      await api.post(`/v1/employees/${a.id}/lifecycle`, { type: 'termination', effectiveDate: '2023-09-30', reason: 'Retired' }, { token: c.token });

      const mid2022 = await api.get('/v1/reports/headcount?asOf=2022-07-01', { token: c.token });
      expect(mid2022.body).toMatchObject({ total: 2, items: [{ name: 'Ops', count: 1 }, { name: 'Sales', count: 1 }] });
      const end2023 = await api.get('/v1/reports/headcount?asOf=2023-12-31', { token: c.token });
      expect(end2023.body.items).toEqual([
        expect.objectContaining({ name: 'Ops', count: 1 }),
        expect.objectContaining({ name: 'Sales', count: 1 }),
      ]);
      const turnover = await api.get('/v1/reports/turnover?from=2023-01-01&to=2023-12-31', { token: c.token });
      expect(turnover.body).toMatchObject({ hires: 1, leavers: 1, headcountAtStart: 2, headcountAtEnd: 2, averageHeadcount: 2, turnoverRate: 0.5 });
      const backwards = await api.get('/v1/reports/turnover?from=2024-01-01&to=2023-01-01', { token: c.token });
      expect(backwards.status).toBe(400);

      const type = (await api.post('/v1/leave-types', { name: 'Sick' }, { token: c.token })).body;
      await api.post(`/v1/employees/${a.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 5, reason: 'Grant', effectiveOn: '2023-01-01' }, { token: c.token });
      const leave = await api.get('/v1/reports/leave-taken?from=2023-01-01&to=2023-12-31', { token: c.token });
      expect(leave.status).toBe(200);
      expect(leave.body.items).toEqual([]); // adjustments are not leave taken

      const employee = await userWithRole(api, c, 'employee');
      expect((await api.get('/v1/reports/headcount', { token: employee.token })).status).toBe(403);
      // A manager's report counts only the people they manage.
      const manager = await userWithRole(api, c, 'manager');
      const boss = await hireAs(api, c, manager, { department: 'Ops' });
      await api.post('/v1/employees', newEmployee({ managerId: boss.id, department: 'Ops' }), { token: c.token });
      const theirs = await api.get('/v1/reports/headcount', { token: manager.token });
      expect(theirs.body.total).toBe(2);
    });
  });

  describe('CSV import and export', () => {
    const header = 'externalId,firstName,lastName,workEmail,hireDate,department,managerEmail,jobTitle';

    test('a dry run reports every error by row and column and writes nothing', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'csvdry');
      await api.post('/v1/departments', { name: 'Sales' }, { token: c.token });
      const csv = [
        header,
        'E1,Ada,Lovelace,ada@x.test,2020-01-01,Sales,,Analyst',
        'E2,,Babbage,charles@x.test,2020-02-30,Sales,,',
        'E3,Alan,Turing,ada@x.test,2021-01-01,Nowhere,nobody@x.test,',
      ].join('\n');
      const res = await postCsv(api, '/v1/employee-imports?dryRun=true', csv, c.token);
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('invalid');
      const cells = res.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`).sort();
      expect(cells).toEqual(['3:firstName', '3:hireDate', '4:department', '4:managerEmail', '4:workEmail']);
      expect((await api.get('/v1/employees', { token: c.token })).body.total).toBe(0);
      const json = await api.post('/v1/employee-imports', { csv }, { token: c.token });
      expect(json.status).toBe(415);
      const columns = await postCsv(api, '/v1/employee-imports?dryRun=true', '"externalId","firstName","salary, gross"\nE1,Ada,100', c.token);
      expect(columns.body.errors.map((e: { column: string }) => e.column).sort()).toEqual(['hireDate', 'lastName', 'salary, gross', 'workEmail']);
    });

    test('an import is all or nothing, orders managers first, and upserts by external id', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'csvrun');
      await api.post('/v1/departments', { name: 'Sales' }, { token: c.token });
      const good = [header, 'E2,Bob,Report,bob@x.test,2021-01-01,Sales,ann@x.test,Rep', 'E1,Ann,Boss,ann@x.test,2020-01-01,Sales,,Head'].join('\n');
      const broken = `${good}\nE3,Cy,Bad,not-an-email,2021-01-01,Sales,,`;
      const refused = await postCsv(api, '/v1/employee-imports', broken, c.token);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('import_invalid');
      expect(refused.body.errors).toEqual([{ field: 'rows[4].workEmail', message: expect.any(String) }]);
      expect((await api.get('/v1/employees', { token: c.token })).body.total).toBe(0);

      const done = await postCsv(api, '/v1/employee-imports', good, c.token);
      expect(done.status).toBe(201);
      expect(done.body).toMatchObject({ status: 'completed', rows: 2, created: 2, updated: 0 });
      const list = await api.get('/v1/employees?sort=lastName', { token: c.token });
      const [boss, report] = list.body.items;
      expect(report.managerId).toBe(boss.id);
      expect(report.department).toBe('Sales');

      const again = await postCsv(api, '/v1/employee-imports', [header, 'E2,Bob,Report,bob@x.test,2021-01-01,Sales,ann@x.test,Senior rep'].join('\n'), c.token);
      expect(again.body).toMatchObject({ created: 0, updated: 1 });
      expect((await api.get(`/v1/employees/${report.id}`, { token: c.token })).body.jobTitle).toBe('Senior rep');
      expect((await api.get(`/v1/employee-imports/${done.body.id}`, { token: c.token })).body.created).toBe(2);
      const cycle = await postCsv(api, '/v1/employee-imports?dryRun=true', [header, 'X1,A,A,a@y.test,2020-01-01,,b@y.test,', 'X2,B,B,b@y.test,2020-01-01,,a@y.test,'].join('\n'), c.token);
      expect(cycle.body.errors.some((e: { column: string }) => e.column === 'managerEmail')).toBe(true);
    });

    test('an asynchronous import answers 202 with a job to poll, which ends with the outcome', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'csvasync');
      await api.post('/v1/departments', { name: 'Sales' }, { token: c.token });
      const rows = Array.from({ length: 300 }, (_, i) => `A${i},First${i},Last${i},a${i}@async.test,2022-01-01,Sales,,Rep`);
      const queued = await postCsv(api, '/v1/employee-imports?mode=async', [header, ...rows].join('\n'), c.token);
      expect(queued.status).toBe(202);
      expect(queued.body).toMatchObject({ status: 'queued', rows: 0, startedAt: null });
      const done = await waitFor(async () => {
        const job = await api.get(`/v1/employee-imports/${queued.body.id}`, { token: c.token });
        return job.body.status === 'queued' ? undefined : job.body;
      });
      expect(done).toMatchObject({ status: 'completed', rows: 300, created: 300, errors: [] });
      expect((await api.get('/v1/employees?limit=1', { token: c.token })).body.total).toBe(300);

      const bad = await postCsv(api, '/v1/employee-imports?mode=async', [header, 'B1,Bo,Bad,not-an-email,2022-01-01,Sales,,'].join('\n'), c.token);
      const refused = await waitFor(async () => {
        const job = await api.get(`/v1/employee-imports/${bad.body.id}`, { token: c.token });
        return job.body.status === 'queued' ? undefined : job.body;
      });
      expect(refused).toMatchObject({ status: 'invalid', created: 0, errors: [{ row: 2, column: 'workEmail' }] });
      expect((await api.get('/v1/employees?limit=1', { token: c.token })).body.total).toBe(300);
    }, 30_000);

    test('an export can be edited and imported back: the same columns, matched by external id', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'csvround');
      await api.post('/v1/departments', { name: 'Sales' }, { token: c.token });
      const file = [header, 'R1,Ann,Boss,ann@round.test,2020-01-01,Sales,,Head', 'R2,Bob,Report,bob@round.test,2021-01-01,Sales,ann@round.test,Rep'].join('\n');
      expect((await postCsv(api, '/v1/employee-imports', file, c.token)).body.created).toBe(2);
      const exported = String((await api.get('/v1/exports/employees.csv', { token: c.token })).body);
      const bobLine = exported.split('\n').find((l) => l.includes('bob@round.test'))!;
      expect(bobLine).toContain(',ann@round.test,'); // the manager, by email
      const edited = exported.replace(',Rep,', ',Senior rep,');
      const back = await postCsv(api, '/v1/employee-imports', edited, c.token);
      expect(back.status).toBe(201);
      expect(back.body).toMatchObject({ status: 'completed', rows: 2, created: 0, updated: 1, errors: [] });
      const bob = (await api.get('/v1/employees?q=bob', { token: c.token })).body.items[0];
      expect(bob).toMatchObject({ jobTitle: 'Senior rep', department: 'Sales' });
    });

    test('exports follow the visibility rules and neutralise spreadsheet formulas', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'csvout');
      await api.post('/v1/employees', newEmployee({ firstName: '=HYPERLINK("http://evil")', birthDate: '1990-01-01' }), { token: c.token });
      const hr = await api.get('/v1/exports/employees.csv', { token: c.token });
      expect(hr.status).toBe(200);
      expect(hr.headers.get('content-type')).toContain('text/csv');
      const lines = String(hr.body).trim().split('\n');
      expect(lines[0]).toContain('birthDate');
      expect(lines[1]).toContain(`'=HYPERLINK`);
      expect(lines[1]).toContain('1990-01-01');
      const employee = await userWithRole(api, c, 'employee');
      const theirs = await api.get('/v1/exports/employees.csv', { token: employee.token });
      expect(String(theirs.body)).not.toContain('1990-01-01');
      expect(String(theirs.body).trim().split('\n')).toHaveLength(2);
      const balances = await api.get('/v1/exports/balances.csv', { token: employee.token });
      expect(String(balances.body).trim().split('\n')).toHaveLength(1); // the header only
    });
  });
};
