import { describe, expect, test } from 'bun:test';
import { Api, linkUser, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field).sort();
const iban = 'DE89370400440532013000';
const bank = { holder: 'Erin Employee', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' };

/** A company with an employee (with a user account), their manager, and an HR user. */
async function setUp(api: Api) {
  const c = await signUp(api, 'self');
  const employeeUser = await userWithRole(api, c, 'employee');
  const managerUser = await userWithRole(api, c, 'manager');
  const hrUser = await userWithRole(api, c, 'hr');
  const manager = (await api.post('/v1/employees', newEmployee({ workEmail: managerUser.email }), { token: c.token })).body.id as string;
  const employee = (await api.post('/v1/employees', newEmployee({ workEmail: employeeUser.email, managerId: manager, firstName: 'Erin' }), { token: c.token })).body.id as string;
  await linkUser(api, c, managerUser.id, manager);
  await linkUser(api, c, employeeUser.id, employee);
  return { c, employee, manager, employeeUser, managerUser, hrUser };
}

export const selfServiceContract: ContractCase = (target) => {
  describe('employee self-service', () => {
    test('an employee fixes their own details at once; the fields the company chose wait for HR as a change request', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, employeeUser, hrUser } = await setUp(api);
      const res = await api.patch(
        '/v1/me/profile',
        {
          preferredName: 'Ez',
          address: { line1: 'Neue Str. 1', city: 'Berlin', country: 'DE' },
          personalPhone: '+49 170 1234567',
          emergencyContacts: [{ name: 'Sam', relationship: 'Partner', phone: '+49 30 111' }, { name: 'Kim', phone: '+49 30 222' }],
          bankAccount: bank,
        },
        { token: employeeUser.token },
      );
      expect(res.status).toBe(200);
      expect(res.body.applied.sort()).toEqual(['address', 'emergencyContacts', 'personalPhone', 'preferredName']);
      expect(res.body).toMatchObject({ preferredName: 'Ez', personalPhone: '+49 170 1234567', bankAccount: null, requested: { status: 'pending', fields: ['bankAccount'] } });
      expect(res.body.emergencyContacts).toHaveLength(2);
      // The employee sees the pending change, whole: it is theirs.
      const mine = await api.get('/v1/me/profile', { token: employeeUser.token });
      expect(mine.body.pending.map((r: { changes: { bankAccount: { iban: string } } }) => r.changes.bankAccount.iban)).toEqual([iban]);
      // The record shows the direct changes to HR and the employee.
      expect((await api.get(`/v1/employees/${employee}`, { token: c.token })).body).toMatchObject({ preferredName: 'Ez', address: { line1: 'Neue Str. 1' } });
      // HR's queue: the request with the account masked to its last four characters.
      const queue = await api.get('/v1/profile-change-requests?status=pending', { token: hrUser.token });
      expect(queue.body.items).toHaveLength(1);
      expect(queue.body.items[0].changes.bankAccount).toEqual({ holder: 'Erin Employee', iban: '******************3000', bic: '*******FXXX' });
      expect(JSON.stringify(queue.body)).not.toContain('0532');
      const approved = await api.post(`/v1/profile-change-requests/${queue.body.items[0].id}/approve`, {}, { token: hrUser.token });
      expect([approved.status, approved.body.status]).toEqual([200, 'approved']);
      expect((await api.get(`/v1/employees/${employee}/personal-details`, { token: hrUser.token })).body.bankAccount).toEqual({ holder: 'Erin Employee', iban, bic: 'COBADEFFXXX' });
      const again = await api.post(`/v1/profile-change-requests/${queue.body.items[0].id}/approve`, {}, { token: hrUser.token });
      expect([again.status, again.body.code]).toEqual([409, 'already_decided']);
      expect((await api.get('/v1/me/profile', { token: employeeUser.token })).body.pending).toEqual([]);
    });

    test('HR rejects with a reason; the employee reads it; the change never applies', async () => {
      const api = new Api(target().baseUrl);
      const { c, employeeUser, hrUser } = await setUp(api);
      expect((await api.request('PUT', '/v1/self-service/settings', { approval: ['address', 'bankAccount'] }, { token: employeeUser.token })).status).toBe(403);
      expect((await api.request('PUT', '/v1/self-service/settings', { approval: ['address', 'bankAccount'] }, { token: c.token })).body).toEqual({ approval: ['address', 'bankAccount'] });
      const res = await api.patch('/v1/me/profile', { address: { line1: 'Fake 1', city: 'Nowhere', country: 'DE' }, personalEmail: 'Erin@Home.test' }, { token: employeeUser.token });
      expect([res.body.applied, res.body.personalEmail, res.body.address, res.body.requested.fields]).toEqual([['personalEmail'], 'erin@home.test', null, ['address']]);
      const noReason = await api.post(`/v1/profile-change-requests/${res.body.requested.id}/reject`, {}, { token: hrUser.token });
      expect([noReason.status, fieldsOf(noReason)]).toEqual([400, ['reason']]);
      const rejected = await api.post(`/v1/profile-change-requests/${res.body.requested.id}/reject`, { reason: 'Please send proof of address' }, { token: hrUser.token });
      expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'Please send proof of address' });
      expect((await api.get('/v1/me/profile', { token: employeeUser.token })).body.address).toBeNull();
      const inbox = await waitFor(async () => {
        const r = await api.get('/v1/notifications', { token: employeeUser.token });
        return r.body.items?.some((n: { type: string }) => n.type === 'profile.change_decided') ? r : undefined;
      });
      expect(inbox.body.items.find((n: { type: string }) => n.type === 'profile.change_decided')).toMatchObject({ title: 'Your change was rejected', body: 'address: Please send proof of address' });
      const hrInbox = await waitFor(async () => {
        const r = await api.get('/v1/notifications', { token: hrUser.token });
        return r.body.items?.some((n: { type: string }) => n.type === 'profile.change_requested') ? r : undefined;
      });
      expect(hrInbox.body.items.find((n: { type: string }) => n.type === 'profile.change_requested').body).toContain('address');
      const audit = await api.get('/v1/audit?action=profile.rejectRequest', { token: c.token });
      expect(audit.body.items).toHaveLength(1);
    });

    test('bad input is refused, naming the field, and nothing is written', async () => {
      const api = new Api(target().baseUrl);
      const { employeeUser } = await setUp(api);
      const bad: [Record<string, unknown>, string][] = [
        [{ bankAccount: { ...bank, iban: 'DE89370400440532013001' } }, 'bankAccount.iban'],
        [{ bankAccount: { ...bank, bic: 'nope' } }, 'bankAccount.bic'],
        [{ personalEmail: 'not-an-email' }, 'personalEmail'],
        [{ emergencyContacts: [{ name: 'Sam' }] }, 'emergencyContacts.0.phone'],
        [{ workEmail: 'x@y.test' }, 'workEmail'],
      ];
      for (const [body, field] of bad) {
        const res = await api.patch('/v1/me/profile', { ...body, preferredName: 'Should not stick' }, { token: employeeUser.token });
        expect([JSON.stringify(body), res.status, fieldsOf(res)]).toEqual([JSON.stringify(body), 400, [field]]);
      }
      expect((await api.get('/v1/me/profile', { token: employeeUser.token })).body.preferredName).toBeNull();
    });

    test('bank details: HR and the employee only, whole in a read of the record, masked in lists and events', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, employeeUser, managerUser, hrUser } = await setUp(api);
      await api.request('PUT', '/v1/self-service/settings', { approval: [] }, { token: c.token });
      expect((await api.patch('/v1/me/profile', { bankAccount: bank }, { token: employeeUser.token })).body.applied).toEqual(['bankAccount']);
      const read = async (token: string) => (await api.get(`/v1/employees/${employee}/personal-details`, { token })).status;
      expect([await read(c.token), await read(hrUser.token), await read(employeeUser.token), await read(managerUser.token)]).toEqual([200, 200, 200, 404]);
      const everywhere = JSON.stringify([
        (await api.get('/v1/employees?limit=200', { token: c.token })).body,
        (await api.get('/v1/exports/employees.csv', { token: c.token })).body,
        (await api.get('/v1/events?limit=200', { token: c.token })).body,
        (await api.get('/v1/events?limit=200', { token: employeeUser.token })).body,
        (await api.get('/v1/audit?limit=200', { token: c.token })).body,
        (await api.get(`/v1/employees/${employee}`, { token: c.token })).body,
      ]);
      expect(everywhere).not.toContain('0532013000');
      expect(everywhere).not.toContain('COBADEFF');
      expect(everywhere).toContain('******************3000'); // the audit row, masked
      const boss = JSON.stringify((await api.get('/v1/events?limit=200', { token: managerUser.token })).body);
      expect(boss).not.toContain('profile.details_changed');
    });

    test('on their own record an employee changes their personal fields by the same rule; any other field is refused, named, and nothing is written', async () => {
      const api = new Api(target().baseUrl);
      const { c, employee, manager, employeeUser, managerUser, hrUser } = await setUp(api);
      await api.request('PUT', '/v1/self-service/settings', { approval: ['address'] }, { token: c.token });
      const own = () => api.get(`/v1/employees/${employee}`, { token: employeeUser.token });
      const patchOwn = async (body: Record<string, unknown>) => api.patch(`/v1/employees/${employee}`, body, { token: employeeUser.token, headers: { 'if-match': (await own()).headers.get('etag')! } });

      // HR's fields, even next to a personal one: refused whole, each named.
      const refused = await patchOwn({ preferredName: 'Ez', jobTitle: 'Chief', hireDate: '2000-01-01', emergencyContact: { name: 'Sam', phone: '+49 30 111' } });
      expect([refused.status, refused.body.code, fieldsOf(refused)]).toEqual([403, 'forbidden', ['emergencyContact', 'hireDate', 'jobTitle']]);
      expect(refused.body.errors.find((e: { field: string }) => e.field === 'emergencyContact').message).toContain('/v1/me/profile');
      expect((await own()).body).toMatchObject({ preferredName: null, jobTitle: null, version: 1 });
      // The record's version guards the employee's writes too.
      expect((await api.patch(`/v1/employees/${employee}`, { preferredName: 'Ez' }, { token: employeeUser.token })).status).toBe(428);

      // A field that applies at once: 200, the record changed, in the employee's own view (no HR-only fields).
      const direct = await patchOwn({ preferredName: 'Ez' });
      expect([direct.status, direct.body.preferredName, direct.body.displayName.split(' ')[0], direct.body.requested]).toEqual([200, 'Ez', 'Ez', null]);
      expect(direct.body.version).toBe(2);
      expect((await api.get(`/v1/employees/${employee}`, { token: hrUser.token })).body.preferredName).toBe('Ez');

      // A field the company has HR approve: 202 with the change request; the record waits.
      const address = { line1: 'Neue Str. 1', city: 'Berlin', country: 'DE' };
      const asked = await patchOwn({ address });
      expect([asked.status, asked.body.address, asked.body.requested?.status, asked.body.requested?.fields]).toEqual([202, null, 'pending', ['address']]);
      expect((await api.get('/v1/me/profile', { token: employeeUser.token })).body.pending.map((r: { id: string }) => r.id)).toEqual([asked.body.requested.id]);
      const approved = await api.post(`/v1/profile-change-requests/${asked.body.requested.id}/approve`, {}, { token: hrUser.token });
      expect(approved.status).toBe(200);
      expect((await own()).body.address).toEqual(address);

      // Bad input is a 400 naming the field, as for HR.
      const bad = await patchOwn({ address: { line1: 'x', city: 'y', country: 'Germany' } });
      expect([bad.status, fieldsOf(bad)]).toEqual([400, ['address.country']]);

      // Someone else's record stays HR's: the manager may not change their report's, nor the employee their manager's.
      const etagOf = async (id: string) => (await api.get(`/v1/employees/${id}`, { token: c.token })).headers.get('etag')!;
      expect((await api.patch(`/v1/employees/${employee}`, { preferredName: 'Boss says' }, { token: managerUser.token, headers: { 'if-match': await etagOf(employee) } })).status).toBe(403);
      expect((await api.patch(`/v1/employees/${manager}`, { preferredName: 'Mine now' }, { token: employeeUser.token, headers: { 'if-match': await etagOf(manager) } })).status).toBe(403);
      expect((await api.get(`/v1/employees/${employee}`, { token: c.token })).body.preferredName).toBe('Ez');
      expect((await api.get(`/v1/employees/${manager}`, { token: c.token })).body.preferredName).toBeNull();
      // Every outcome is audited under the record's own message.
      const audit = (await api.get('/v1/audit?action=employees.update', { token: c.token })).body.items;
      expect(audit).toHaveLength(2);
    });

    test('nobody decides on their own change request; a manager has no queue', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'selfhr');
      const hrUser = await userWithRole(api, c, 'hr');
      const managerUser = await userWithRole(api, c, 'manager');
      await linkUser(api, c, hrUser.id, (await api.post('/v1/employees', newEmployee({ workEmail: hrUser.email }), { token: c.token })).body.id);
      const own = await api.patch('/v1/me/profile', { bankAccount: bank }, { token: hrUser.token });
      const res = await api.post(`/v1/profile-change-requests/${own.body.requested.id}/approve`, {}, { token: hrUser.token });
      expect(res.status).toBe(403);
      expect((await api.post(`/v1/profile-change-requests/${own.body.requested.id}/approve`, {}, { token: c.token })).status).toBe(200);
      expect((await api.get('/v1/profile-change-requests', { token: managerUser.token })).body.items).toEqual([]);
      expect((await api.get('/v1/me/profile', { token: managerUser.token })).status).toBe(404);
    });
  });
};
