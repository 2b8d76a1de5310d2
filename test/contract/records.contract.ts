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
      // What changed, not the record twice: the unchanged fields (a name, the hire date) are not repeated.
      // (updatedAt too, unless both writes fell in one millisecond.)
      for (const side of ['before', 'after']) expect(Object.keys(update.changes[0][side]).filter((k) => k !== 'updatedAt').sort()).toEqual(['jobTitle', 'version']);
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

  describe('reports reconcile', () => {
    test('headcount rolls sub-departments into their parent, with the direct and the subtree count', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'rollup');
      const dep = async (name: string, parentId?: string) => (await api.post('/v1/departments', { name, ...(parentId ? { parentId } : {}) }, { token: c.token })).body.id as string;
      const eng = await dep('Engineering');
      const backend = await dep('Backend', eng);
      const platform = await dep('Platform', backend);
      const frontend = await dep('Frontend', eng);
      const sales = await dep('Sales');
      const hire = async (departmentId?: string) => (await api.post('/v1/employees', newEmployee({ hireDate: '2024-01-15', ...(departmentId ? { departmentId } : {}) }), { token: c.token })).body.id as string;
      for (const d of [eng, backend, backend, platform, frontend, frontend, sales, undefined]) await hire(d);
      // Someone who has left is in no count.
      const gone = await hire(backend);
      await api.post(`/v1/employees/${gone}/lifecycle`, { type: 'termination', effectiveDate: '2024-06-30', reason: 'Moved' }, { token: c.token });

      const res = await api.get('/v1/reports/headcount?asOf=2025-01-01', { token: c.token });
      expect(res.status).toBe(200);
      // Direct: Engineering 1, Backend 2, Platform 1, Frontend 2, Sales 1, no department 1 = 8 people.
      // Subtrees: Backend 2 + Platform 1 = 3; Engineering 1 + Backend 3 + Frontend 2 = 6.
      // Engineering 6 + Sales 1 + none 1 = 8 = the total: every person counted once at the top.
      expect(res.body.total).toBe(8);
      // Depth first (each department, then those below it), siblings by size, no department last.
      expect(res.body.items).toEqual([
        { id: eng, name: 'Engineering', parentId: null, count: 1, subtreeCount: 6 },
        { id: backend, name: 'Backend', parentId: eng, count: 2, subtreeCount: 3 },
        { id: platform, name: 'Platform', parentId: backend, count: 1, subtreeCount: 1 },
        { id: frontend, name: 'Frontend', parentId: eng, count: 2, subtreeCount: 2 },
        { id: sales, name: 'Sales', parentId: null, count: 1, subtreeCount: 1 },
        { id: null, name: null, parentId: null, count: 1, subtreeCount: 1 },
      ]);
      // Before anyone was hired, nothing; by location (no tree) the subtree count is the count.
      expect((await api.get('/v1/reports/headcount?asOf=2024-01-14', { token: c.token })).body).toMatchObject({ total: 0, items: [] });
      const byLocation = await api.get('/v1/reports/headcount?asOf=2025-01-01&groupBy=location', { token: c.token });
      expect(byLocation.body.items).toEqual([{ id: null, name: null, parentId: null, count: 8, subtreeCount: 8 }]);
    });

    test('turnover: start + hires − leavers = end for any period; a hire on the first day is a hire, not also at the start', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'turnover');
      const hire = async (hireDate: string) => (await api.post('/v1/employees', newEmployee({ hireDate }), { token: c.token })).body.id as string;
      const lifecycle = async (id: string, body: Record<string, unknown>) => {
        const res = await api.post(`/v1/employees/${id}/lifecycle`, body, { token: c.token });
        if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      };
      await hire('2020-01-01'); // A: employed throughout
      await hire('2025-01-01'); // B: hired on the first day of 2025
      const cy = await hire('2024-06-01'); // C: leaves in March
      await lifecycle(cy, { type: 'termination', effectiveDate: '2025-03-31', reason: 'Moved' });
      const d = await hire('2025-02-01'); // D: joins and leaves within 2025
      await lifecycle(d, { type: 'termination', effectiveDate: '2025-10-01', reason: 'Contract ended' });
      const g = await hire('2019-01-01'); // G: left in 2023, rehired in June 2025
      await lifecycle(g, { type: 'termination', effectiveDate: '2023-05-31', reason: 'Sabbatical' });
      await lifecycle(g, { type: 'rehire', effectiveDate: '2025-06-01' });
      await hire('2026-02-01'); // F: after the period

      const year = await api.get('/v1/reports/turnover?from=2025-01-01&to=2025-12-31', { token: c.token });
      // At the start (end of 2024-12-31): A and C = 2. Hires: B (1 Jan), D (1 Feb), G (1 Jun) = 3.
      // Leavers: C (31 Mar), D (1 Oct) = 2. At the end: A, B, G = 3 = 2 + 3 − 2.
      // Average (2 + 3) / 2 = 2.5; rate 2 / 2.5 = 0.8.
      expect(year.body).toEqual({ from: '2025-01-01', to: '2025-12-31', hires: 3, leavers: 2, headcountAtStart: 2, headcountAtEnd: 3, averageHeadcount: 2.5, turnoverRate: 0.8 });

      // The identity holds for every period between these dates (each a change, or the day before one).
      const dates = ['2019-06-01', '2023-05-30', '2023-05-31', '2024-12-31', '2025-01-01', '2025-02-01', '2025-03-30', '2025-03-31', '2025-06-01', '2025-10-01', '2025-12-31', '2026-02-01'];
      const broken: string[] = [];
      for (const from of dates) {
        for (const to of dates.filter((t) => t >= from)) {
          const r = (await api.get(`/v1/reports/turnover?from=${from}&to=${to}`, { token: c.token })).body;
          if (r.headcountAtStart + r.hires - r.leavers !== r.headcountAtEnd) broken.push(`${from}..${to}: ${r.headcountAtStart} + ${r.hires} − ${r.leavers} ≠ ${r.headcountAtEnd}`);
        }
      }
      expect(broken).toEqual([]);
      // One day, the first of 2025: B is hired that day; nobody is there at its start but A and C.
      const first = (await api.get('/v1/reports/turnover?from=2025-01-01&to=2025-01-01', { token: c.token })).body;
      expect(first).toMatchObject({ headcountAtStart: 2, hires: 1, leavers: 0, headcountAtEnd: 3 });
    });

    test('leave: days up to the company’s today are taken, later days booked; a cancelled request counts in neither', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'leaverep');
      const bossUser = await userWithRole(api, c, 'manager');
      const boss = await hireAs(api, c, bossUser, { hireDate: '2020-01-01' });
      const worker = (await api.post('/v1/employees', newEmployee({ managerId: boss.id, hireDate: '2020-01-01' }), { token: c.token })).body;
      const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
      await api.post(`/v1/employees/${worker.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 60, reason: 'Opening balance', effectiveOn: '2020-01-01' }, { token: c.token });
      // The server's today, in the company's zone, as the report states it.
      const { today } = (await api.get('/v1/reports/leave-taken?from=2020-01-01&to=2020-01-02', { token: c.token })).body;
      const shift = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      const approved = async (startDate: string, endDate: string) => {
        const req = await api.post('/v1/timeoff-requests', { employeeId: worker.id, leaveTypeId: type.id, startDate, endDate }, { token: c.token });
        if (req.status !== 201) throw new Error(JSON.stringify(req.body));
        const ok = await api.post(`/v1/timeoff-requests/${req.body.id}/approve`, {}, { token: bossUser.token });
        if (ok.status !== 200) throw new Error(JSON.stringify(ok.body));
        return req.body as { id: string; days: { date: string; amount: number }[] };
      };
      const past = await approved(shift(-20), shift(-14));
      const straddling = await approved(shift(-3), shift(3)); // some days up to today, some after
      const future = await approved(shift(20), shift(26));
      const cancelled = await approved(shift(30), shift(32));
      await api.post(`/v1/timeoff-requests/${cancelled.id}/cancel`, {}, { token: c.token });

      // The expected figures, from each request's own day-by-day breakdown (weekends count 0).
      const sum = (r: { days: { date: string; amount: number }[] }, keep: (d: string) => boolean) => r.days.filter((d) => keep(d.date)).reduce((n, d) => n + d.amount, 0);
      const upToToday = (d: string) => d <= today;
      const afterToday = (d: string) => d > today;
      const taken = sum(past, upToToday) + sum(straddling, upToToday) + sum(future, upToToday);
      const booked = sum(past, afterToday) + sum(straddling, afterToday) + sum(future, afterToday);
      expect(sum(past, afterToday) + sum(future, upToToday)).toBe(0);
      expect(taken).toBeGreaterThan(0);
      expect(booked).toBeGreaterThan(0);

      const report = await api.get(`/v1/reports/leave-taken?from=${shift(-60)}&to=${shift(60)}`, { token: c.token });
      expect(report.status).toBe(200);
      expect(report.body.today).toBe(today);
      expect(report.body.items).toEqual([{ leaveTypeId: type.id, name: 'Vacation', unit: 'days', taken, booked, employees: 1 }]);
      // A period that ends today has nothing booked; one that starts tomorrow has nothing taken.
      const toToday = (await api.get(`/v1/reports/leave-taken?from=${shift(-60)}&to=${today}`, { token: c.token })).body.items[0];
      expect(toToday).toMatchObject({ taken, booked: 0 });
      const fromTomorrow = (await api.get(`/v1/reports/leave-taken?from=${shift(1)}&to=${shift(60)}`, { token: c.token })).body.items[0];
      expect(fromTomorrow).toMatchObject({ taken: 0, booked });
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

    test('an imported file, exported, edited and imported back: the same columns, rows matched by id', async () => {
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

    test('an export of employees created through the API imports back as updates, matched by id, with no error', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'csvapi');
      const other = await signUp(api, 'csvother');
      const hr = { token: c.token };
      const location = (await api.post('/v1/locations', { name: 'Berlin', timeZone: 'Europe/Berlin' }, hr)).body.id;
      const sales = (await api.post('/v1/departments', { name: 'Sales' }, hr)).body.id;
      const inside = (await api.post('/v1/departments', { name: 'Inside Sales', parentId: sales }, hr)).body.id;
      const hire = async (fields: Record<string, unknown>) => {
        const res = await api.post('/v1/employees', newEmployee(fields), hr);
        if (res.status !== 201) throw new Error(JSON.stringify(res.body));
        return res.body.id as string;
      };
      // Nine people as HR creates them through the API: none but one has an external id.
      const boss = await hire({ firstName: 'Ann', departmentId: sales, locationId: location, jobTitle: 'Head', workPhone: '+49 30 1234567', preferredName: 'Annie' });
      const leftBoss = await hire({ firstName: 'Lee', departmentId: sales, jobTitle: 'Former head' });
      await hire({ firstName: 'Bob', managerId: boss, departmentId: inside, jobTitle: 'Rep', employmentType: 'part_time', birthDate: '1990-04-01' });
      const orphan = await hire({ firstName: 'Cy', managerId: leftBoss, departmentId: inside, jobTitle: 'Rep' });
      await hire({ firstName: '=SUM(A1:A2)', managerId: boss, jobTitle: '-lead-' });
      await hire({ firstName: 'Dee', externalId: 'EXT-7', locationId: location });
      await hire({ firstName: 'Eve', address: { line1: '1 Way', city: 'Berlin', country: 'DE' } });
      const rehired = await hire({ firstName: 'Fay', hireDate: '2020-01-01' });
      await hire({ firstName: 'Gus', status: 'on_leave' });
      const lifecycle = (id: string, body: Record<string, unknown>) => api.post(`/v1/employees/${id}/lifecycle`, body, hr);
      await lifecycle(leftBoss, { type: 'termination', effectiveDate: '2024-06-30', reason: 'Retired' }); // Cy's manager has left
      await lifecycle(rehired, { type: 'termination', effectiveDate: '2022-12-31', reason: 'Travel' });
      await lifecycle(rehired, { type: 'rehire', effectiveDate: '2023-06-01' });
      const snapshot = async () => new Map((await api.get('/v1/employees?limit=200', hr)).body.items.map((e: { id: string; version: number }) => [e.id, e]));
      const before = await snapshot();
      expect(before.size).toBe(9);

      const exported = String((await api.get('/v1/exports/employees.csv', hr)).body);
      expect(exported.split('\n')[0]!.startsWith('id,externalId,')).toBe(true);
      // Imported back unchanged: every row matches its employee by id, and nothing changes.
      const same = await postCsv(api, '/v1/employee-imports', exported, c.token);
      expect(same.status).toBe(201);
      expect(same.body).toMatchObject({ status: 'completed', rows: 9, created: 0, updated: 0, errors: [] });
      expect(await snapshot()).toEqual(before);

      // Edited (Cy's title) and imported back: one update, Cy's record only.
      const cyLine = exported.split('\n').find((l) => l.startsWith(`${orphan},`))!;
      const edited = exported.replace(cyLine, cyLine.replace(',Rep,', ',Senior rep,'));
      const back = await postCsv(api, '/v1/employee-imports', edited, c.token);
      expect(back.body).toMatchObject({ status: 'completed', rows: 9, created: 0, updated: 1, errors: [] });
      const after = await snapshot();
      for (const [id, e] of before) {
        if (id === orphan) expect(after.get(id)).toMatchObject({ jobTitle: 'Senior rep', managerId: leftBoss, version: (e as { version: number }).version + 1 });
        else expect(after.get(id)).toEqual(e);
      }
      const bob = [...after.values()].find((e) => (e as { firstName: string }).firstName === 'Bob') as Record<string, unknown>;
      expect(bob).toMatchObject({ birthDate: '1990-04-01', employmentType: 'part_time', department: 'Inside Sales' });
      expect((await api.get(`/v1/employees/${boss}`, hr)).body).toMatchObject({ workPhone: '+49 30 1234567', preferredName: 'Annie' });

      // Leaving is a lifecycle event with a date and a reason: a file that flips the status is refused.
      const flipped = exported.replace(cyLine, cyLine.replace(',active,', ',terminated,'));
      const refused = await postCsv(api, '/v1/employee-imports', flipped, c.token);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: expect.stringMatching(/^rows\[\d+\]\.status$/), message: expect.stringContaining('lifecycle') }]);
      // An id is only ever this company's: another company's file is refused by row and column.
      const foreign = await postCsv(api, '/v1/employee-imports?dryRun=true', edited, other.token);
      expect(foreign.body.status).toBe('invalid');
      expect(new Set(foreign.body.errors.map((e: { column: string }) => e.column))).toEqual(new Set(['id', 'department', 'location']));
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
