import { describe, expect, test } from 'bun:test';
import { Api, linkUser, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field).sort();

/** A company with one field of each type, an employee with a user account, and their manager. */
async function setUp(api: Api) {
  const c = await signUp(api, 'cf');
  const define = async (body: Record<string, unknown>) => {
    const res = await api.post('/v1/custom-fields', body, { token: c.token });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body;
  };
  const fields = {
    badge: await define({ key: 'badge', label: 'Badge number', type: 'text', tier: 'directory' }),
    notes: await define({ key: 'notes', label: 'Notes', type: 'long_text', tier: 'hr' }),
    height: await define({ key: 'desk_height', label: 'Desk height', type: 'number', unit: 'cm', min: 60, max: 130, tier: 'employment' }),
    permit: await define({ key: 'permit_expiry', label: 'Work permit expiry', type: 'date', tier: 'personal', payroll: true }),
    remote: await define({ key: 'remote', label: 'Remote', type: 'boolean', tier: 'employment', default: false }),
    shirt: await define({ key: 'shirt', label: 'T-shirt size', type: 'single_select', options: ['S', 'M', 'L', 'XL'], tier: 'directory', writer: 'employee' }),
    langs: await define({ key: 'languages', label: 'Languages', type: 'multi_select', options: ['de', 'en', 'fr'], tier: 'directory', writer: 'employee' }),
    buddy: await define({ key: 'buddy', label: 'Onboarding buddy', type: 'employee', tier: 'employment' }),
    centre: await define({ key: 'cost_centre', label: 'Cost centre', type: 'text', tier: 'hr', required: true, default: 'CC-100' }),
  };
  const managerUser = await userWithRole(api, c, 'manager');
  const employeeUser = await userWithRole(api, c, 'employee');
  const manager = (await api.post('/v1/employees', newEmployee({ workEmail: managerUser.email, lastName: 'Boss' }), { token: c.token })).body.id as string;
  const employee = (await api.post('/v1/employees', newEmployee({ workEmail: employeeUser.email, managerId: manager, lastName: 'Worker' }), { token: c.token })).body.id as string;
  await linkUser(api, c, managerUser.id, manager);
  await linkUser(api, c, employeeUser.id, employee);
  return { c, fields, manager, employee, managerUser, employeeUser };
}

const set = (api: Api, id: string, values: Record<string, unknown>, token: string) => api.patch(`/v1/employees/${id}/custom-fields`, { values }, { token });

export const customFieldsContract: ContractCase = (target) => {
  describe('custom fields', () => {
    test('HR defines typed fields; the list gives a JSON Schema per field, and no HR-only field to others', async () => {
      const api = new Api(target().baseUrl);
      const { c, employeeUser } = await setUp(api);
      const list = await api.get('/v1/custom-fields', { token: c.token });
      expect(list.status).toBe(200);
      const byKey = Object.fromEntries(list.body.items.map((f: { key: string }) => [f.key, f]));
      expect(Object.keys(byKey)).toEqual(['badge', 'buddy', 'cost_centre', 'desk_height', 'languages', 'notes', 'permit_expiry', 'remote', 'shirt']);
      expect(byKey.desk_height.schema).toEqual({ title: 'Desk height', anyOf: [{ type: 'number', minimum: 60, maximum: 130 }, { type: 'null' }], 'x-unit': 'cm' });
      expect(byKey.shirt.schema).toEqual({ title: 'T-shirt size', anyOf: [{ type: 'string', enum: ['S', 'M', 'L', 'XL'] }, { type: 'null' }] });
      expect(byKey.languages.schema).toMatchObject({ type: 'array', items: { enum: ['de', 'en', 'fr'] }, uniqueItems: true });
      expect(byKey.cost_centre.schema).toEqual({ title: 'Cost centre', default: 'CC-100', type: 'string', maxLength: 200 });
      const mine = await api.get('/v1/custom-fields', { token: employeeUser.token });
      expect(mine.body.items.map((f: { key: string }) => f.key)).toEqual(['badge', 'buddy', 'desk_height', 'languages', 'permit_expiry', 'remote', 'shirt']);
      expect((await api.post('/v1/custom-fields', { key: 'x', label: 'X', type: 'text' }, { token: employeeUser.token })).status).toBe(403);
    });

    test('a definition that does not hold together is refused, naming the field', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'cfdef');
      const bad = async (body: Record<string, unknown>) => {
        const res = await api.post('/v1/custom-fields', { label: 'L', ...body }, { token: c.token });
        return [res.status, fieldsOf(res)];
      };
      // Rules between fields (which the API document cannot state) are 422, the shape's are 400.
      expect(await bad({ key: 'a', type: 'single_select' })).toEqual([422, ['options']]);
      expect(await bad({ key: 'b', type: 'text', options: ['x'] })).toEqual([422, ['options']]);
      expect(await bad({ key: 'c', type: 'number', min: 5, max: 1 })).toEqual([422, ['min']]);
      expect(await bad({ key: 'd', type: 'number', max: 10, default: 11 })).toEqual([422, ['default']]);
      expect(await bad({ key: 'Bad Key', type: 'text' })).toEqual([400, ['key']]);
      expect(await bad({ key: 'e', type: 'json' })).toEqual([400, ['type']]);
      expect(await bad({ key: 'f', type: 'multi_select', options: ['a|b'] })).toEqual([400, ['options.0']]);
      await api.post('/v1/custom-fields', { key: 'g', label: 'G', type: 'text' }, { token: c.token });
      const dup = await api.post('/v1/custom-fields', { key: 'g', label: 'G', type: 'text' }, { token: c.token });
      expect([dup.status, dup.body.code]).toEqual([409, 'key_taken']);
      expect((await api.get('/v1/custom-fields', { token: c.token })).body.items.map((f: { key: string }) => f.key)).toEqual(['g']);
    });

    test('values are validated by their definition; a bad one is named and nothing of the request is written', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, manager } = await setUp(api);
      const ok = await set(api, employee, { badge: 'B-17', desk_height: 72.5, permit_expiry: '2027-03-31', remote: true, shirt: 'M', languages: ['de', 'en'], buddy: manager }, c.token);
      expect(ok.status).toBe(200);
      expect(ok.body.changed.sort()).toEqual(['custom.badge', 'custom.buddy', 'custom.desk_height', 'custom.languages', 'custom.permit_expiry', 'custom.remote', 'custom.shirt']);
      const other = await signUp(api, 'cfother');
      const stranger = (await api.post('/v1/employees', newEmployee(), { token: other.token })).body.id as string;
      const cases: [Record<string, unknown>, string][] = [
        [{ badge: 17 }, 'custom.badge'],
        [{ desk_height: '72' }, 'custom.desk_height'],
        [{ desk_height: 200 }, 'custom.desk_height'],
        [{ permit_expiry: '2027-02-30' }, 'custom.permit_expiry'],
        [{ remote: 'yes' }, 'custom.remote'],
        [{ shirt: 'XXL' }, 'custom.shirt'],
        [{ languages: ['de', 'klingon'] }, 'custom.languages'],
        [{ languages: 'de' }, 'custom.languages'],
        [{ buddy: stranger }, 'custom.buddy'],
        [{ cost_centre: null }, 'custom.cost_centre'],
        [{ no_such_field: 1 }, 'custom.no_such_field'],
      ];
      for (const [values, field] of cases) {
        // Each bad value travels with a good one, which must not be written either.
        const res = await set(api, employee, { ...values, badge: values.badge ?? 'B-99' }, c.token);
        expect([JSON.stringify(values), res.status, res.body.code, fieldsOf(res)]).toEqual([JSON.stringify(values), 400, 'validation_failed', [field]]);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      const now = await api.get(`/v1/employees/${employee}`, { token: c.token });
      expect(now.body.custom).toEqual({ badge: 'B-17', notes: null, desk_height: 72.5, permit_expiry: '2027-03-31', remote: true, shirt: 'M', languages: ['de', 'en'], buddy: manager, cost_centre: 'CC-100' });
    });

    test('the employee writes the fields open to them on their own record, and no others', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, manager, employeeUser, managerUser } = await setUp(api);
      const own = await set(api, employee, { shirt: 'L', languages: ['fr'] }, employeeUser.token);
      expect([own.status, own.body.custom.shirt, own.body.custom.languages]).toEqual([200, 'L', ['fr']]);
      const hrOnly = await set(api, employee, { badge: 'B-1' }, employeeUser.token);
      expect([hrOnly.status, fieldsOf(hrOnly)]).toEqual([403, ['custom.badge']]);
      // A field the employee may not read is as unknown to them as a field that does not exist.
      const hidden = await set(api, employee, { notes: 'x' }, employeeUser.token);
      expect([hidden.status, fieldsOf(hidden)]).toEqual([400, ['custom.notes']]);
      expect(JSON.stringify(hidden.body)).not.toContain('HR');
      const someoneElse = await set(api, manager, { shirt: 'S' }, employeeUser.token);
      expect(someoneElse.status).toBe(403);
      expect((await set(api, employee, { shirt: 'S' }, managerUser.token)).status).toBe(403);
      expect((await api.get(`/v1/employees/${employee}`, { token: c.token })).body.custom.shirt).toBe('L');
    });

    test('each reader sees the custom fields of the tiers they may read; filters and sorts see no more', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, manager, employeeUser, managerUser } = await setUp(api);
      await set(api, employee, { badge: 'B-2', notes: 'secret-note', desk_height: 80, permit_expiry: '2027-01-01', shirt: 'XL' }, c.token);
      await set(api, manager, { badge: 'B-1', desk_height: 70, shirt: 'S' }, c.token);
      const colleagueUser = await userWithRole(api, c, 'employee');
      const colleague = (await api.post('/v1/employees', newEmployee({ workEmail: colleagueUser.email, lastName: 'Colleague' }), { token: c.token })).body.id as string;
      await linkUser(api, c, colleagueUser.id, colleague);
      const keys = async (token: string) => Object.keys((await api.get(`/v1/employees/${employee}`, { token })).body.custom).sort();
      expect(await keys(c.token)).toEqual(['badge', 'buddy', 'cost_centre', 'desk_height', 'languages', 'notes', 'permit_expiry', 'remote', 'shirt']);
      expect(await keys(employeeUser.token)).toEqual(['badge', 'buddy', 'desk_height', 'languages', 'permit_expiry', 'remote', 'shirt']);
      expect(await keys(managerUser.token)).toEqual(['badge', 'buddy', 'desk_height', 'languages', 'remote', 'shirt']);
      expect(await keys(colleagueUser.token)).toEqual(['badge', 'languages', 'shirt']);
      const ids = async (query: string, token: string) => (await api.get(`/v1/employees?${query}`, { token })).body.items.map((e: { id: string }) => e.id);
      expect(await ids('custom.shirt=XL', colleagueUser.token)).toEqual([employee]);
      expect(await ids('custom.desk_height=80', managerUser.token)).toEqual([employee]);
      expect(await ids('custom.desk_height=80', colleagueUser.token)).toEqual([]);
      expect(await ids('custom.notes=secret-note', c.token)).toEqual([employee]);
      expect(await ids('custom.notes=secret-note', managerUser.token)).toEqual([]);
      expect(await ids('custom.permit_expiry=2027-01-01', managerUser.token)).toEqual([]);
      expect(await ids('custom.permit_expiry=2027-01-01', employeeUser.token)).toEqual([employee]);
      // Sorting on a hidden field sorts nothing: every row is "missing", so the order is by id.
      const sortedIds = async (sort: string, token: string) => ids(`sort=${sort}&limit=200`, token);
      expect(await sortedIds('custom.desk_height', c.token)).toEqual([manager, employee, colleague]);
      expect(await sortedIds('-custom.desk_height', c.token)).toEqual([employee, manager, colleague]);
      const byId = [...(await ids('limit=200', colleagueUser.token))].sort();
      expect(await sortedIds('custom.desk_height', colleagueUser.token)).toEqual(byId);
      expect(await sortedIds('-custom.desk_height', colleagueUser.token)).toEqual(byId);
      const list = JSON.stringify((await api.get('/v1/employees?limit=200', { token: managerUser.token })).body);
      expect(list).not.toContain('secret-note');
      expect(list).not.toContain('2027-01-01');
      expect((await api.get('/v1/employees?custom.Bad=1', { token: c.token })).status).toBe(400);
      expect((await api.get('/v1/employees?nonsense=1', { token: c.token })).status).toBe(400);
    });

    test('a change of type that stored values would not survive is refused, naming them; a fitting one goes through', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, manager, fields } = await setUp(api);
      await set(api, employee, { badge: '1234' }, c.token);
      await set(api, manager, { badge: 'B-1' }, c.token);
      const patch = (id: string, body: Record<string, unknown>) => api.patch(`/v1/custom-fields/${id}`, body, { token: c.token, headers: { 'if-match': '*' } });
      const toNumber = await patch(fields.badge.id, { type: 'number' });
      expect([toNumber.status, toNumber.body.code, fieldsOf(toNumber)]).toEqual([409, 'values_do_not_fit', [`values.${manager}`]]);
      expect((await api.get(`/v1/employees/${manager}`, { token: c.token })).body.custom.badge).toBe('B-1');
      const dropOption = await patch(fields.shirt.id, { options: ['S', 'M'] });
      expect(dropOption.status).toBe(200);
      await set(api, employee, { shirt: 'M' }, c.token);
      const dropUsed = await patch(fields.shirt.id, { options: ['S'] });
      expect([dropUsed.status, fieldsOf(dropUsed)]).toEqual([409, [`values.${employee}`]]);
      await set(api, manager, { badge: '7' }, c.token);
      const fits = await patch(fields.badge.id, { type: 'number' });
      expect([fits.status, fits.body.type, fits.body.schema.anyOf[0].type]).toEqual([200, 'number', 'number']);
      // The text "1234" became the number 1234; "7" became 7.
      expect((await api.get(`/v1/employees/${employee}`, { token: c.token })).body.custom.badge).toBe(1234);
      expect((await api.get(`/v1/employees/${manager}`, { token: c.token })).body.custom.badge).toBe(7);
      expect((await set(api, employee, { badge: 'B-5' }, c.token)).status).toBe(400);
    });

    test('deleting a field removes it from every employee and keeps its values in the audit log', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, fields } = await setUp(api);
      await set(api, employee, { badge: 'B-42' }, c.token);
      expect((await api.delete(`/v1/custom-fields/${fields.badge.id}`, { token: c.token })).status).toBe(204);
      expect((await api.get(`/v1/employees/${employee}`, { token: c.token })).body.custom).not.toHaveProperty('badge');
      const audit = await api.get('/v1/audit?action=customFields.delete', { token: c.token });
      expect(audit.body.items[0].changes[0]).toMatchObject({ entity: 'custom_field', before: { key: 'badge', values: { [employee]: 'B-42' } } });
      expect((await set(api, employee, { badge: 'B-43' }, c.token)).status).toBe(400);
      expect((await api.post('/v1/custom-fields', { key: 'badge', label: 'Badge again', type: 'text' }, { token: c.token })).status).toBe(201);
      expect((await api.get(`/v1/employees/${employee}`, { token: c.token })).body.custom.badge).toBeNull();
    });

    test('CSV: custom.<key> columns export what the reader may read, and import back validated, all or nothing', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, managerUser } = await setUp(api);
      await set(api, employee, { badge: 'B-9', notes: 'hr-only-note', permit_expiry: '2028-08-08', languages: ['de', 'fr'], desk_height: -0 + 75 }, c.token);
      const csvOf = async (token: string) => (await api.get('/v1/exports/employees.csv', { token })).body as string;
      const hrFile = await csvOf(c.token);
      const header = hrFile.split('\n')[0]!.split(',');
      expect(header.filter((h) => h.startsWith('custom.'))).toEqual(['custom.badge', 'custom.buddy', 'custom.cost_centre', 'custom.desk_height', 'custom.languages', 'custom.notes', 'custom.permit_expiry', 'custom.remote', 'custom.shirt']);
      expect(hrFile).toContain('hr-only-note');
      expect(hrFile).toContain('de|fr');
      const bossFile = await csvOf(managerUser.token);
      expect(bossFile.split('\n')[0]).not.toContain('custom.notes');
      expect(bossFile).not.toContain('2028-08-08');
      expect(bossFile).toContain('B-9');
      const postCsv = (csv: string, dry = false) => api.request('POST', `/v1/employee-imports${dry ? '?dryRun=true' : ''}`, undefined, { token: c.token, raw: csv, headers: { 'content-type': 'text/csv' } });
      // The exported file imports back as it is: nothing changes.
      const back = await postCsv(hrFile);
      expect([back.status, back.body.updated]).toEqual([201, 0]);
      const head = 'externalId,firstName,lastName,workEmail,hireDate,custom.shirt,custom.desk_height,custom.languages,custom.remote';
      const bad = await postCsv([head, 'N1,Ann,A,ann@cf.test,2024-01-01,XXL,72,de,true', 'N2,Bob,B,bob@cf.test,2024-01-01,M,tall,de|en|xx,maybe'].join('\n'));
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['rows[2].custom.shirt', 'rows[3].custom.desk_height', 'rows[3].custom.languages', 'rows[3].custom.remote']);
      const unknown = await postCsv('externalId,firstName,lastName,workEmail,hireDate,custom.nope\nN3,C,C,c@cf.test,2024-01-01,x', true);
      expect(unknown.body.errors).toEqual([{ row: 1, column: 'custom.nope', message: 'Unknown column: no custom field has this key.' }]);
      const good = await postCsv([head, 'N1,Ann,A,ann@cf.test,2024-01-01,L,72.5,de|en,true'].join('\n'));
      expect([good.status, good.body.created]).toEqual([201, 1]);
      const ann = (await api.get('/v1/employees?custom.shirt=L', { token: c.token })).body.items[0];
      expect(ann.custom).toMatchObject({ shirt: 'L', desk_height: 72.5, languages: ['de', 'en'], remote: true, cost_centre: 'CC-100' });
      // A blank cell clears; the row counts as updated.
      const cleared = await postCsv([head, 'N1,Ann,A,ann@cf.test,2024-01-01,,72.5,de|en,true'].join('\n'));
      expect(cleared.body.updated).toBe(1);
      expect((await api.get(`/v1/employees/${ann.id}`, { token: c.token })).body.custom.shirt).toBeNull();
    });

    test('CSV: compensation.<field> columns record pay once, validated like the API', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'cfpay');
      const postCsv = (csv: string) => api.request('POST', '/v1/employee-imports', undefined, { token: c.token, raw: csv, headers: { 'content-type': 'text/csv' } });
      const head = 'externalId,firstName,lastName,workEmail,hireDate,compensation.effectiveDate,compensation.amount,compensation.currency,compensation.frequency,compensation.payGrade';
      const bad = await postCsv([head, 'P1,Ann,A,ann@pay.test,2024-01-01,2023-12-31,50000,EUR,yearly,P1', 'P2,Bob,B,bob@pay.test,2024-01-01,2024-01-01,50000,EURO,yearly,P1'].join('\n'));
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['rows[2].compensation.effectiveDate', 'rows[3].compensation.currency']);
      const file = [head, 'P1,Ann,A,ann@pay.test,2024-01-01,2024-01-01,50000,EUR,yearly,P1', 'P2,Bob,B,bob@pay.test,2024-01-01,,,,,'].join('\n');
      expect((await postCsv(file)).body.created).toBe(2);
      expect((await postCsv(file)).body.updated).toBe(0);
      const ann = (await api.get('/v1/employees?q=ann', { token: c.token })).body.items[0].id;
      const pay = (await api.get(`/v1/employees/${ann}/compensation`, { token: c.token })).body;
      expect(pay.history.map((r: { amount: string; reason: string; payGrade: string }) => [r.amount, r.reason, r.payGrade])).toEqual([['50000', 'hire', 'P1']]);
    });

    test('events name a changed field only to those who may read it', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, managerUser } = await setUp(api);
      await set(api, employee, { permit_expiry: '2029-09-09', notes: 'n' }, c.token);
      await set(api, employee, { desk_height: 99 }, c.token);
      const changed = (res: { body: { items: { type: string; subject: string; data: { changed?: string[] } }[] } }) =>
        res.body.items.filter((e) => e.type === 'employee.updated' && e.subject === employee).flatMap((e) => e.data.changed ?? []);
      const hr = await waitFor(async () => {
        const res = await api.get('/v1/events?limit=200', { token: c.token });
        return changed(res).includes('custom.desk_height') ? res : undefined;
      });
      expect(changed(hr).sort()).toEqual(['custom.desk_height', 'custom.notes', 'custom.permit_expiry']);
      const boss = await waitFor(async () => {
        const res = await api.get('/v1/events?limit=200', { token: managerUser.token });
        return changed(res).includes('custom.desk_height') ? res : undefined;
      });
      expect(changed(boss)).toEqual(['custom.desk_height']);
      expect(JSON.stringify(boss.body)).not.toContain('2029-09-09');
    });
  });
};
