import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

export const apiKeysContract: ContractCase = (target) => {
  describe('API keys', () => {
    test('a key is shown once, works wherever a token does, and stops at once when revoked', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'keys');
      const created = await api.post('/v1/api-keys', { name: 'Payroll sync', role: 'hr' }, { token: c.token });
      expect(created.status).toBe(201);
      const { id } = created.body;
      expect(id).toMatch(/^key_/);
      expect(structuredClone(created.body)).toMatchObject({ name: 'Payroll sync', role: 'hr', revokedAt: null });
      const key = created.body.key as string;
      expect(key).toMatch(/^rst_[a-z0-9]{12}_/);

      const list = await api.get('/v1/api-keys', { token: c.token });
      expect(list.body.items).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toContain(key.slice(18));

      const made = await api.post('/v1/employees', newEmployee(), { token: key });
      expect(made.status).toBe(201);
      expect((await api.get('/v1/me', { token: key })).body.user.role).toBe('hr');

      expect((await api.delete(`/v1/api-keys/${id}`, { token: c.token })).status).toBe(200);
      const after = await api.get('/v1/employees', { token: key });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('invalid_api_key');
    });

    test('a key acts only within its role', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'keyrole');
      const { body } = await api.post('/v1/api-keys', { name: 'Reader', role: 'employee' }, { token: c.token });
      expect((await api.get('/v1/employees', { token: body.key })).status).toBe(200);
      const write = await api.post('/v1/employees', newEmployee(), { token: body.key });
      expect(write.status).toBe(403);
    });

    test('a guessed or altered key is refused', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'keyguess');
      const { body } = await api.post('/v1/api-keys', { name: 'Real', role: 'admin' }, { token: c.token });
      const altered = body.key.slice(0, -1) + (body.key.endsWith('A') ? 'B' : 'A');
      for (const key of [altered, 'rst_aaaaaaaaaaaa_' + 'x'.repeat(43), 'rst_short']) {
        const res = await api.get('/v1/employees', { token: key });
        expect(res.status).toBe(401);
      }
    });

    test('only admins create keys, and nobody mints a key above their role', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'keyadm');
      const hr = await userWithRole(api, c, 'hr');
      expect((await api.post('/v1/api-keys', { name: 'X', role: 'employee' }, { token: hr.token })).status).toBe(403);
      const admin = await userWithRole(api, c, 'admin');
      expect((await api.post('/v1/api-keys', { name: 'X', role: 'owner' }, { token: admin.token })).status).toBe(403);
      expect((await api.get('/v1/api-keys', { token: c.token })).body.items).toHaveLength(0);
    });
  });
};
