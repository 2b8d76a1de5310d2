import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, ownerPassword, signUp } from './client';
import type { ContractCase } from './suite';

export const idempotencyContract: ContractCase = (target) => {
  describe('idempotency keys', () => {
    test('a retry with the same key and body gets the first reply and creates nothing more', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idem');
      const body = newEmployee();
      const headers = { 'idempotency-key': 'create-grace-1' };
      const first = await api.post('/v1/employees', body, { token: c.token, headers });
      const again = await api.post('/v1/employees', body, { token: c.token, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect((await api.get('/v1/employees', { token: c.token })).body.items).toHaveLength(1);
    });

    test('concurrent retries with one key create one employee', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idemconc');
      const body = newEmployee();
      const headers = { 'idempotency-key': 'burst-1' };
      const replies = await Promise.all(Array.from({ length: 5 }, () => api.post('/v1/employees', body, { token: c.token, headers })));
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect((await api.get('/v1/employees', { token: c.token })).body.items).toHaveLength(1);
    });

    test('reusing a key with another body is a 422', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idemreuse');
      const headers = { 'idempotency-key': 'k-1' };
      expect((await api.post('/v1/employees', newEmployee(), { token: c.token, headers })).status).toBe(201);
      const other = await api.post('/v1/employees', newEmployee(), { token: c.token, headers });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
      expect((await api.get('/v1/employees', { token: c.token })).body.items).toHaveLength(1);
    });

    test('a malformed key is a 400 naming the header, before any token in the body is looked at', async () => {
      const api = new Api(target().baseUrl);
      const headers = { 'idempotency-key': 'x'.repeat(256) };
      for (const [path, body] of [
        ['/v1/auth/refresh', { refreshToken: 'ten_00000000000000000000000000.nope' }],
        ['/v1/invites/accept', { token: 'not-an-invite', password: ownerPassword }],
      ] as const) {
        const reply = await api.post(path, body, { headers });
        expect([path, reply.status, reply.body.code, reply.body.errors?.[0]?.field]).toEqual([path, 400, 'validation_failed', 'Idempotency-Key']);
      }
    });
  });

  /** Issue 12: an Idempotency-Key never hands a credential out twice, and no secret is kept for a replay. */
  describe('idempotency keys and secrets', () => {
    test('a spent refresh token sent again under its first Idempotency-Key mints nothing and revokes the family', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idemrefresh');
      const headers = { 'idempotency-key': 'refresh-1' };
      const first = await api.post('/v1/auth/refresh', { refreshToken: c.refreshToken }, { headers });
      expect(first.status).toBe(200);
      // The attacker holds the spent token and replays the request, key and all.
      const replay = await api.post('/v1/auth/refresh', { refreshToken: c.refreshToken }, { headers });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('refresh_token_reused');
      expect(JSON.stringify(replay.body)).not.toContain(first.body.refreshToken);
      expect(replay.body.accessToken).toBeUndefined();
      // Reuse detection fired: the rotated token of the family is dead too.
      expect((await api.post('/v1/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
    });

    test('after logout, replaying the refresh under its key is refused', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idemlogout');
      const headers = { 'idempotency-key': 'refresh-after-logout' };
      const first = await api.post('/v1/auth/refresh', { refreshToken: c.refreshToken }, { headers });
      expect(first.status).toBe(200);
      expect((await api.post('/v1/auth/logout', { refreshToken: first.body.refreshToken }, { token: first.body.accessToken })).status).toBe(204);
      const replay = await api.post('/v1/auth/refresh', { refreshToken: c.refreshToken }, { headers });
      expect(replay.status).toBe(401);
      expect(replay.body.accessToken).toBeUndefined();
    });

    test('a login sent twice under one key signs in twice: the second reply is not the first one replayed', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idemlogin');
      const headers = { 'idempotency-key': 'login-1' };
      const body = { tenant: c.slug, email: c.ownerEmail, password: ownerPassword };
      const one = await api.post('/v1/auth/login', body, { headers });
      const two = await api.post('/v1/auth/login', body, { headers });
      expect([one.status, two.status]).toEqual([200, 200]);
      expect(two.body.refreshToken).not.toBe(one.body.refreshToken);
    });

    test('a new API key retried under its key is not shown again: 409 naming the key, and no second key', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idemkey');
      const headers = { 'idempotency-key': 'key-1' };
      const created = await api.post('/v1/api-keys', { name: 'Sync', role: 'hr' }, { token: c.token, headers });
      expect(created.status).toBe(201);
      const again = await api.post('/v1/api-keys', { name: 'Sync', role: 'hr' }, { token: c.token, headers });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('idempotency_secret_shown_once');
      expect(again.body.detail).toContain(created.body.id);
      expect(JSON.stringify(again.body)).not.toContain(created.body.key);
      const keys = await api.get('/v1/api-keys', { token: c.token });
      expect(keys.body.items.map((k: { id: string }) => k.id)).toEqual([created.body.id]);
      // The key shown once still works.
      expect((await api.get('/v1/employees', { token: created.body.key })).status).toBe(200);
    });

    test('an invite and a webhook endpoint retried under their keys do not show their secrets again', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'idemsecret');
      const inviteBody = { email: 'ina@example.test', name: 'Ina', role: 'employee' };
      const invite = await api.post('/v1/invites', inviteBody, { token: c.token, headers: { 'idempotency-key': 'invite-1' } });
      expect(invite.status).toBe(201);
      const inviteAgain = await api.post('/v1/invites', inviteBody, { token: c.token, headers: { 'idempotency-key': 'invite-1' } });
      expect(inviteAgain.status).toBe(409);
      expect(inviteAgain.body.code).toBe('idempotency_secret_shown_once');
      expect(JSON.stringify(inviteAgain.body)).not.toContain(invite.body.inviteToken);

      const hookBody = { url: 'http://127.0.0.1:9/hook', eventTypes: ['user.deactivated'] };
      const hook = await api.post('/v1/webhooks', hookBody, { token: c.token, headers: { 'idempotency-key': 'hook-1' } });
      expect(hook.status).toBe(201);
      const hookAgain = await api.post('/v1/webhooks', hookBody, { token: c.token, headers: { 'idempotency-key': 'hook-1' } });
      expect(hookAgain.status).toBe(409);
      expect(JSON.stringify(hookAgain.body)).not.toContain(hook.body.secret);
      expect((await api.get('/v1/webhooks', { token: c.token })).body.items).toHaveLength(1);
    });
  });
};

export const idempotentSignUpContract: ContractCase = (target) => {
  describe('idempotency keys across actors', () => {
    test('a sign-up retried with its key gets the same company, not a conflict', async () => {
      const api = new Api(target().baseUrl);
      const slug = `idem-signup-${Date.now().toString(36)}`;
      const body = { name: 'Once', slug, owner: { name: 'O', email: `o@${slug}.test`, password: 'correct horse battery staple' } };
      const headers = { 'idempotency-key': `signup-${slug}` };
      const first = await api.post('/v1/tenants', body, { headers });
      const again = await api.post('/v1/tenants', body, { headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.tenant.id).toBe(first.body.tenant.id);
    });
  });
};
