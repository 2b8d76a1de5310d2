import { describe, expect, test } from 'bun:test';
import { Api, hireAs, linkUser, newEmployee, ownerPassword, signUp, userWithRole, type Company } from './client';
import type { ContractCase } from './suite';

/**
 * Access that follows the person, tried as an attacker would: each test makes the attack
 * and asserts what the attacker sees (status, body) and that nothing changed. Dates of
 * leave lie in 2030; "today" is the company's today (UTC, the default time zone).
 */
const today = () => new Date().toISOString().slice(0, 10);

/** A company with a leave type, a manager and a worker (both with accounts linked to their records). */
async function company(api: Api, prefix: string) {
  const c = await signUp(api, prefix);
  const bossUser = await userWithRole(api, c, 'manager');
  const workerUser = await userWithRole(api, c, 'employee');
  const boss = await hireAs(api, c, bossUser);
  const worker = await hireAs(api, c, workerUser, { managerId: boss.id });
  const type = (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body;
  await api.post(`/v1/employees/${worker.id}/balances/adjustments`, { leaveTypeId: type.id, amount: 10, reason: 'Opening balance' }, { token: c.token });
  return { c, bossUser, workerUser, boss, worker, type };
}

const ask = (api: Api, token: string, typeId: string, day = '2030-06-03', employeeId?: string) =>
  api.post('/v1/timeoff-requests', { leaveTypeId: typeId, startDate: day, endDate: day, ...(employeeId ? { employeeId } : {}) }, { token });

/** Today's balance: what was granted and adjusted (a later date would project pending leave). */
const balance = async (api: Api, c: Company, employeeId: string) =>
  (await api.get(`/v1/employees/${employeeId}/balances?asOf=${today()}`, { token: c.token })).body.items[0]?.balance;

const requestOf = async (api: Api, c: Company, id: string) => (await api.get(`/v1/timeoff-requests/${id}`, { token: c.token })).body;

export const accessContract: ContractCase = (target) => {
  describe('security: access follows the person', () => {
    test('link by id: HR who edits her own record’s work email still cannot approve her own leave, nor relink herself', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'sec-link');
      const hr = await userWithRole(api, s.c, 'hr');
      const hrRecord = await hireAs(api, s.c, hr);
      const other = (await api.post('/v1/employees', newEmployee(), { token: s.c.token })).body;
      await api.post(`/v1/employees/${hrRecord.id}/balances/adjustments`, { leaveTypeId: s.type.id, amount: 5, reason: 'Opening balance' }, { token: s.c.token });
      const own = (await ask(api, hr.token, s.type.id)).body;
      expect(own).toMatchObject({ status: 'pending', employeeId: hrRecord.id });

      // The attack of the review: her record's email no longer matches her account.
      const edited = await api.patch(`/v1/employees/${hrRecord.id}`, { workEmail: `not-me.${Date.now()}@example.test` }, { token: hr.token, headers: { 'if-match': '*' } });
      expect(edited.status).toBe(200);
      const approve = await api.post(`/v1/timeoff-requests/${own.id}/approve`, { comment: 'Looks fine' }, { token: hr.token });
      expect(approve.status).toBe(403);
      expect(approve.body.code).toBe('self_approval');
      const adjust = await api.post(`/v1/employees/${hrRecord.id}/balances/adjustments`, { leaveTypeId: s.type.id, amount: 50, reason: 'Bonus' }, { token: hr.token });
      expect(adjust.status).toBe(403);

      // Nor can she move her own link away from her record.
      const relink = await api.request('PUT', `/v1/users/${hr.id}/employee`, { employeeId: other.id }, { token: hr.token });
      expect(relink.status).toBe(403);
      expect(relink.body.code).toBe('self_link');
      expect((await api.request('DELETE', `/v1/users/${hr.id}/employee`, undefined, { token: hr.token })).body.code).toBe('self_link');

      expect(await requestOf(api, s.c, own.id)).toMatchObject({ status: 'pending', currentStep: 0 });
      expect(await balance(api, s.c, hrRecord.id)).toBe(5);
      expect((await api.get(`/v1/users/${hr.id}`, { token: s.c.token })).body.employeeId).toBe(hrRecord.id);
      expect((await api.get('/v1/me', { token: hr.token })).body.user.employeeId).toBe(hrRecord.id);
    });

    test('link by id: a record that merely carries an account’s email gives that account nothing', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'sec-email');
      const user = await userWithRole(api, c, 'employee');
      // HR makes a record with the user's email (a typo, or on purpose) and does not link it.
      const record = (await api.post('/v1/employees', newEmployee({ workEmail: user.email, birthDate: '1990-01-01' }), { token: c.token })).body;
      const read = await api.get(`/v1/employees/${record.id}`, { token: user.token });
      expect(read.status).toBe(200);
      expect(read.body.birthDate).toBeUndefined();
      const mine = await api.post('/v1/timeoff-requests', { leaveTypeId: (await api.post('/v1/leave-types', { name: 'Vacation' }, { token: c.token })).body.id, startDate: '2030-06-03', endDate: '2030-06-03' }, { token: user.token });
      expect(mine.status).toBe(422);
      expect(mine.body.code).toBe('no_employee_record');
      // Nor can the user claim the record: linking is HR's.
      const claim = await api.request('PUT', `/v1/users/${user.id}/employee`, { employeeId: record.id }, { token: user.token });
      expect(claim.status).toBe(403);
      expect((await api.get(`/v1/users/${user.id}`, { token: c.token })).body.employeeId).toBeNull();

      // An invite made from a record links the account to it; a second account for the record is refused.
      const invited = await api.post('/v1/invites', { email: `linked.${Date.now()}@${c.slug}.test`, name: 'Linked', role: 'employee', employeeId: record.id }, { token: c.token });
      expect(invited.status).toBe(201);
      expect(invited.body.user.employeeId).toBe(record.id);
      const twice = await api.post('/v1/invites', { email: `again.${Date.now()}@${c.slug}.test`, name: 'Again', role: 'employee', employeeId: record.id }, { token: c.token });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('employee_linked');
      const moved = await api.request('PUT', `/v1/users/${user.id}/employee`, { employeeId: record.id }, { token: c.token });
      expect(moved.body.code).toBe('employee_linked');
    });

    test('key owner: an admin’s key stops the moment the admin is deactivated; an owner’s service key stays, listed as such', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'sec-key');
      const admin = await userWithRole(api, c, 'admin');
      const adminKey = (await api.post('/v1/api-keys', { name: 'Admin script', role: 'admin' }, { token: admin.token })).body;
      expect(adminKey).toMatchObject({ ownerUserId: admin.id, service: false });
      const serviceKey = (await api.post('/v1/api-keys', { name: 'Payroll sync', role: 'admin', service: true }, { token: c.token })).body;
      expect(serviceKey).toMatchObject({ ownerUserId: c.ownerId, service: true });
      const notOwner = await api.post('/v1/api-keys', { name: 'Sneaky', role: 'admin', service: true }, { token: admin.token });
      expect(notOwner.status).toBe(403);
      expect((await api.get('/v1/employees', { token: adminKey.key })).status).toBe(200);

      expect((await api.post(`/v1/users/${admin.id}/deactivate`, {}, { token: c.token })).status).toBe(200);
      const usersBefore = (await api.get('/v1/users', { token: c.token })).body.items.length;
      const invite = await api.post('/v1/invites', { email: `new-admin.${Date.now()}@${c.slug}.test`, name: 'Mallory', role: 'admin' }, { token: adminKey.key });
      expect(invite.status).toBe(401);
      expect(invite.body.code).toBe('invalid_api_key');
      expect((await api.get('/v1/employees', { token: adminKey.key })).status).toBe(401);
      expect((await api.get('/v1/users', { token: c.token })).body.items).toHaveLength(usersBefore);
      // The owner's service key answers to nobody's account.
      expect((await api.get('/v1/employees', { token: serviceKey.key })).status).toBe(200);
      const listed = (await api.get('/v1/api-keys', { token: c.token })).body.items;
      expect(listed.find((k: { id: string }) => k.id === serviceKey.id)).toMatchObject({ service: true, ownerUserId: c.ownerId });
    });

    test('key owner: a demotion below a key’s role stops that key at once; a key never exceeds its maker', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'sec-demote');
      const admin = await userWithRole(api, c, 'admin');
      const adminKey = (await api.post('/v1/api-keys', { name: 'Admin script', role: 'admin' }, { token: admin.token })).body.key;
      const hrKey = (await api.post('/v1/api-keys', { name: 'HR report', role: 'hr' }, { token: admin.token })).body.key;
      expect((await api.patch(`/v1/users/${admin.id}`, { role: 'hr' }, { token: c.token })).status).toBe(200);
      const refused = await api.post('/v1/employees', newEmployee(), { token: adminKey });
      expect(refused.status).toBe(401);
      expect((await api.get('/v1/api-keys', { token: adminKey })).status).toBe(401);
      expect((await api.post('/v1/employees', newEmployee(), { token: hrKey })).status).toBe(201);
      // Open streams learn of it: one identity event per key that stopped, naming the key and its owner.
      const stopped = (await api.get('/v1/events?limit=1000', { token: c.token })).body.items.filter((e: { type: string }) => e.type === 'api_key.stopped');
      expect(stopped.map((e: { data: { reason: string; key: { ownerUserId: string } } }) => [e.data.reason, e.data.key.ownerUserId])).toEqual([['owner_demoted', admin.id]]);
      const owner = await api.post('/v1/api-keys', { name: 'Owner key', role: 'owner' }, { token: (await userWithRole(api, c, 'admin')).token });
      expect(owner.status).toBe(403);
    });

    test('key owner: a key acts as its maker, so it cannot approve the maker’s own leave or adjust their balance', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'sec-keyself');
      const admin = await userWithRole(api, s.c, 'admin');
      const adminRecord = await hireAs(api, s.c, admin, { managerId: s.boss.id });
      await api.post(`/v1/employees/${adminRecord.id}/balances/adjustments`, { leaveTypeId: s.type.id, amount: 3, reason: 'Opening balance' }, { token: s.c.token });
      const key = (await api.post('/v1/api-keys', { name: 'HR robot', role: 'hr' }, { token: admin.token })).body.key;
      const own = (await ask(api, admin.token, s.type.id)).body;
      const approve = await api.post(`/v1/timeoff-requests/${own.id}/approve`, { comment: 'Urgent' }, { token: key });
      expect(approve.status).toBe(403);
      expect(approve.body.code).toBe('self_approval');
      const adjust = await api.post(`/v1/employees/${adminRecord.id}/balances/adjustments`, { leaveTypeId: s.type.id, amount: 20, reason: 'Bonus' }, { token: key });
      expect(adjust.status).toBe(403);
      expect(await requestOf(api, s.c, own.id)).toMatchObject({ status: 'pending' });
      expect(await balance(api, s.c, adminRecord.id)).toBe(3);
    });

    test('offboarding: a termination effective today ends every session, token and key of the leaver; their waiting approvals go to HR, who is told', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'sec-leaver');
      const hr = await userWithRole(api, s.c, 'hr');
      // The leaver is an admin who manages the worker, with a session, a refresh token and a key.
      const leaver = await userWithRole(api, s.c, 'admin');
      await api.request('DELETE', `/v1/users/${s.bossUser.id}/employee`, undefined, { token: s.c.token });
      await linkUser(api, s.c, leaver.id, s.boss.id);
      const session = await api.post('/v1/auth/login', { tenant: s.c.slug, email: leaver.email, password: ownerPassword });
      const key = (await api.post('/v1/api-keys', { name: 'Leaver script', role: 'admin' }, { token: leaver.token })).body;
      const waiting = (await ask(api, s.workerUser.token, s.type.id)).body;

      const fired = await api.post(`/v1/employees/${s.boss.id}/lifecycle`, { type: 'termination', effectiveDate: today(), reason: 'Resigned' }, { token: s.c.token });
      expect(fired.status).toBe(201);

      const login = await api.post('/v1/auth/login', { tenant: s.c.slug, email: leaver.email, password: ownerPassword });
      expect(login.status).toBe(401);
      expect((await api.post('/v1/auth/refresh', { refreshToken: session.body.refreshToken })).status).toBe(401);
      for (const path of ['/v1/employees', '/v1/org-chart', `/v1/timeoff-calendar?from=2030-06-01&to=2030-06-30`]) {
        expect((await api.get(path, { token: session.body.accessToken })).status).toBe(401);
        expect((await api.get(path, { token: key.key })).status).toBe(401);
      }
      const invite = await api.post('/v1/invites', { email: `back-door.${Date.now()}@${s.c.slug}.test`, name: 'Back door', role: 'owner' }, { token: key.key });
      expect(invite.status).toBe(401);
      expect((await api.get(`/v1/users/${leaver.id}`, { token: s.c.token })).body.status).toBe('deactivated');
      expect((await api.get('/v1/api-keys', { token: s.c.token })).body.items.find((k: { id: string }) => k.id === key.id).revokedAt).not.toBeNull();

      // The worker's request waited for the leaver; HR now decides it, and was told.
      const inbox = (await api.get('/v1/notifications', { token: hr.token })).body.items;
      expect(inbox.filter((n: { subject: string; type: string }) => n.subject === waiting.id && n.type === 'timeoff.approval_requested')).toHaveLength(1);
      const decided = await api.post(`/v1/timeoff-requests/${waiting.id}/approve`, {}, { token: hr.token });
      expect(decided.body).toMatchObject({ status: 'approved', steps: [{ via: 'approver', decidedBy: hr.id }] });
    });

    test('offboarding: a rehire gives back the account that the termination took', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'sec-rehire');
      const user = await userWithRole(api, c, 'employee');
      const record = await hireAs(api, c, user, { hireDate: '2020-01-01' });
      await api.post(`/v1/employees/${record.id}/lifecycle`, { type: 'termination', effectiveDate: '2024-12-31', reason: 'Moved abroad' }, { token: c.token });
      expect((await api.post('/v1/auth/login', { tenant: c.slug, email: user.email, password: ownerPassword })).status).toBe(401);
      const early = await api.post(`/v1/users/${user.id}/reactivate`, {}, { token: c.token });
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('employee_terminated');
      await api.post(`/v1/employees/${record.id}/lifecycle`, { type: 'rehire', effectiveDate: today(), reason: 'Came back' }, { token: c.token });
      expect((await api.get(`/v1/users/${user.id}`, { token: c.token })).body.status).toBe('active');
      expect((await api.post('/v1/auth/login', { tenant: c.slug, email: user.email, password: ownerPassword })).status).toBe(200);
    });

    test('offboarding: the only active owner cannot be terminated before ownership passes on', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'sec-owner');
      // Nobody links themselves: an admin links the owner to their record.
      const admin = await userWithRole(api, c, 'admin');
      const record = await hireAs(api, { ...c, token: admin.token }, { id: c.ownerId, email: c.ownerEmail });
      const fired = await api.post(`/v1/employees/${record.id}/lifecycle`, { type: 'termination', effectiveDate: today(), reason: 'Sold the company' }, { token: c.token });
      expect(fired.status).toBe(409);
      expect(fired.body.code).toBe('last_owner');
      expect((await api.get(`/v1/employees/${record.id}`, { token: c.token })).body.status).toBe('active');
      expect((await api.get('/v1/me', { token: c.token })).status).toBe(200);
    });

    test('four eyes: the manager who approved step 1 cannot approve step 2 as the delegate of its approver', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'sec-4eyes');
      const bigBossUser = await userWithRole(api, s.c, 'manager');
      const bigBoss = await hireAs(api, s.c, bigBossUser);
      await api.patch(`/v1/employees/${s.boss.id}`, { managerId: bigBoss.id }, { token: s.c.token, headers: { 'if-match': '*' } });
      await api.request('PUT', `/v1/leave-types/${s.type.id}/approval-chain`, { steps: [{ approver: 'manager' }, { approver: 'manager_of_manager' }] }, { token: s.c.token });
      await api.request('PUT', '/v1/me/delegation', { delegateUserId: s.bossUser.id, from: '2020-01-01', to: '2099-12-31' }, { token: bigBossUser.token });
      const req = (await ask(api, s.workerUser.token, s.type.id)).body;
      expect((await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: s.bossUser.token })).body).toMatchObject({ status: 'pending', currentStep: 1 });

      const second = await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: s.bossUser.token });
      expect(second.status).toBe(403);
      expect(second.body.code).toBe('already_decided_a_step');
      const bulk = await api.post('/v1/timeoff-approvals', { ids: [req.id] }, { token: s.bossUser.token });
      expect(bulk.body.results[0]).toMatchObject({ ok: false, error: { code: 'already_decided_a_step' } });
      expect(await requestOf(api, s.c, req.id)).toMatchObject({ status: 'pending', currentStep: 1 });
      expect(await balance(api, s.c, s.worker.id)).toBe(10);
      // The step-2 approver still decides it.
      expect((await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: bigBossUser.token })).body.status).toBe('approved');
    });

    test('four eyes: a delegate is never shown or told as an approver of their own request', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'sec-deleg');
      // The boss is away and lets the worker approve in their place: the worker then asks for leave.
      await api.request('PUT', '/v1/me/delegation', { delegateUserId: s.workerUser.id, from: '2020-01-01', to: '2099-12-31' }, { token: s.bossUser.token });
      const req = (await ask(api, s.workerUser.token, s.type.id)).body;
      const asked = (await api.get('/v1/events?limit=1000', { token: s.c.token })).body.items.filter((e: { type: string; subject: string }) => e.type === 'timeoff.approval_requested' && e.subject === req.id);
      expect(asked.map((e: { data: { approverUserIds: string[] } }) => e.data.approverUserIds)).toEqual([[s.bossUser.id]]);
      const inbox = (await api.get('/v1/notifications', { token: s.workerUser.token })).body.items;
      expect(inbox.filter((n: { type: string }) => n.type === 'timeoff.approval_requested')).toEqual([]);
      const self = await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: s.workerUser.token });
      expect(self.body.code).toBe('self_approval');
      expect(await requestOf(api, s.c, req.id)).toMatchObject({ status: 'pending' });
    });

    test('four eyes: an override without a reason is refused; with one, it decides one step and is audited as an override', async () => {
      const api = new Api(target().baseUrl);
      const s = await company(api, 'sec-override');
      const req = (await ask(api, s.workerUser.token, s.type.id)).body;
      const bare = await api.post(`/v1/timeoff-requests/${req.id}/approve`, {}, { token: s.c.token });
      expect(bare.status).toBe(422);
      expect(bare.body).toMatchObject({ code: 'override_reason_required', errors: [{ field: 'comment' }] });
      expect(await requestOf(api, s.c, req.id)).toMatchObject({ status: 'pending', version: req.version });
      const done = await api.post(`/v1/timeoff-requests/${req.id}/approve`, { comment: 'Manager unreachable' }, { token: s.c.token });
      expect(done.body).toMatchObject({ status: 'approved', steps: [{ via: 'override', comment: 'Manager unreachable' }] });
      const audit = (await api.get('/v1/audit?action=timeoffRequests.approve', { token: s.c.token })).body.items;
      expect(audit[0].changes).toContainEqual({ entity: 'override', id: req.id, after: { step: 0, approver: 'manager', decision: 'approved', reason: 'Manager unreachable', by: s.c.ownerId } });
    });

    test('passwords: a guessable password is refused at sign-up and at invite accept, naming the field, and nothing is made', async () => {
      const api = new Api(target().baseUrl);
      const slug = `weak-${Date.now().toString(36)}`;
      const weak = await api.post('/v1/tenants', { name: 'Weak', slug, owner: { name: 'W', email: `w@${slug}.test`, password: 'aaaaaaaaaa' } });
      expect(weak.status).toBe(400);
      expect(weak.body.errors).toEqual([{ field: 'owner.password', message: expect.stringContaining('easy to guess') }]);
      expect((await api.post('/v1/auth/login', { tenant: slug, email: `w@${slug}.test`, password: 'aaaaaaaaaa' })).status).toBe(401);
      const c = await signUp(api, 'sec-pw');
      const invite = (await api.post('/v1/invites', { email: `p@${c.slug}.test`, name: 'P', role: 'employee' }, { token: c.token })).body;
      for (const password of ['aaaaaaaaaa', 'password123', 'qwertyuiop']) {
        const res = await api.post('/v1/invites/accept', { token: invite.inviteToken, password });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('password');
      }
      expect((await api.get(`/v1/users/${invite.user.id}`, { token: c.token })).body.status).toBe('invited');
      expect((await api.post('/v1/invites/accept', { token: invite.inviteToken, password: 'a long and unusual passphrase' })).status).toBe(200);
    });

    test('audit: HR’s view leaves out API keys and webhooks, which HR may not read elsewhere', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'sec-audit');
      const hr = await userWithRole(api, c, 'hr');
      const key = (await api.post('/v1/api-keys', { name: 'Secret integration', role: 'admin' }, { token: c.token })).body;
      const hook = await api.post('/v1/webhooks', { url: 'http://127.0.0.1:9/roster/s3cr3t-path', eventTypes: ['*'] }, { token: c.token });
      expect(hook.status).toBe(201);
      expect((await api.get('/v1/webhooks', { token: hr.token })).status).toBe(403);
      const seen = await api.get('/v1/audit?limit=200', { token: hr.token });
      expect(seen.status).toBe(200);
      const text = JSON.stringify(seen.body);
      expect(text).not.toContain('s3cr3t-path');
      expect(text).not.toContain(key.prefix);
      expect(text).not.toContain('Secret integration');
      expect(seen.body.items.map((i: { action: string }) => i.action)).not.toContain('apiKeys.create');
      // Owners and admins still read all of it.
      const full = JSON.stringify((await api.get('/v1/audit?limit=200', { token: c.token })).body);
      expect(full).toContain('s3cr3t-path');
      expect(full).toContain(key.prefix);
    });
  });
};
