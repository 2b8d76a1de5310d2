import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp } from './client';
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
