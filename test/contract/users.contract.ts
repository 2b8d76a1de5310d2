import { describe, expect, test } from 'bun:test';
import { Api, ownerPassword, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

export const usersContract: ContractCase = (target) => {
  describe('users and roles', () => {
    test('an invite carries a link; accepting it sets the password and the user can sign in', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'invite');
      const invite = await api.post('/v1/invites', { email: 'Hana@Example.test', name: 'Hana HR', role: 'hr' }, { token: c.token });
      expect(invite.status).toBe(201);
      expect(invite.body.user).toMatchObject({ email: 'hana@example.test', role: 'hr', status: 'invited' });
      expect(invite.body.inviteUrl).toContain(encodeURIComponent(invite.body.inviteToken));

      const early = await api.post('/v1/auth/login', { tenant: c.slug, email: 'hana@example.test', password: ownerPassword });
      expect(early.status).toBe(401);

      const accepted = await api.post('/v1/invites/accept', { token: invite.body.inviteToken, password: 'hana has a good password' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.user.status).toBe('active');
      const login = await api.post('/v1/auth/login', { tenant: c.slug, email: 'hana@example.test', password: 'hana has a good password' });
      expect(login.status).toBe(200);
      const me = await api.get('/v1/me', { token: login.body.accessToken });
      expect(me.body.user.role).toBe('hr');

      const again = await api.post('/v1/invites/accept', { token: invite.body.inviteToken, password: 'another password!!' });
      expect(again.status).toBe(410);
    });

    test('a forged or foreign invite token is refused and wakes nothing', async () => {
      const api = new Api(target().baseUrl);
      for (const token of ['nonsense', 'ten_01aaaaaaaaaaaaaaaaaaaaaaaa.secret', '../../etc/passwd.x']) {
        const res = await api.post('/v1/invites/accept', { token, password: 'whatever password' });
        expect(res.status).toBe(410);
      }
    });

    test('inviting an email already in use is a 409', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'dupinv');
      const res = await api.post('/v1/invites', { email: c.ownerEmail, name: 'Again', role: 'admin' }, { token: c.token });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('email_taken');
    });

    test('an admin changes a role, and the new role applies at once', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'role');
      const emp = await userWithRole(api, c, 'employee');
      expect((await api.get('/v1/users', { token: emp.token })).status).toBe(403);
      const changed = await api.patch(`/v1/users/${emp.id}`, { role: 'admin' }, { token: c.token });
      expect(changed.status).toBe(200);
      expect(changed.body.role).toBe('admin');
      // Same access token as before: the actor checks the current role, not the token's.
      expect((await api.get('/v1/users', { token: emp.token })).status).toBe(200);
    });

    test('only an owner makes owners, and the last owner stays', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'owner');
      const admin = await userWithRole(api, c, 'admin');
      const grant = await api.patch(`/v1/users/${admin.id}`, { role: 'owner' }, { token: admin.token });
      expect(grant.status).toBe(403);
      const demote = await api.patch(`/v1/users/${c.ownerId}`, { role: 'admin' }, { token: c.token });
      expect(demote.status).toBe(409);
      expect(demote.body.code).toBe('last_owner');
      const deactivate = await api.post(`/v1/users/${c.ownerId}/deactivate`, {}, { token: admin.token });
      expect(deactivate.status).toBe(403);
    });

    test('a deactivated user loses access at once and cannot sign in', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'deact');
      const emp = await userWithRole(api, c, 'employee');
      expect((await api.get('/v1/me', { token: emp.token })).status).toBe(200);
      const res = await api.post(`/v1/users/${emp.id}/deactivate`, {}, { token: c.token });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('deactivated');
      const me = await api.get('/v1/me', { token: emp.token });
      expect(me.status).toBe(401);
      const login = await api.post('/v1/auth/login', { tenant: c.slug, email: emp.email, password: ownerPassword });
      expect(login.status).toBe(401);
    });

    test('roles that may not manage users are refused, and nothing is written', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'forbid');
      for (const role of ['hr', 'manager', 'employee']) {
        const u = await userWithRole(api, c, role);
        const res = await api.post('/v1/invites', { email: `x-${role}@x.test`, name: 'X', role: 'employee' }, { token: u.token });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
      const list = await api.get('/v1/users', { token: c.token });
      expect(list.body.items.map((u: { email: string }) => u.email)).not.toContain('x-hr@x.test');
      expect(list.body.items).toHaveLength(4);
    });

    test('unknown user ids are 404 and malformed ones 400', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'uid');
      expect((await api.patch('/v1/users/usr_01aaaaaaaaaaaaaaaaaaaaaaaa', { role: 'hr' }, { token: c.token })).status).toBe(404);
      const bad = await api.patch('/v1/users/1', { role: 'hr' }, { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('id');
    });
  });
};
