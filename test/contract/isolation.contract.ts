import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, signUp } from './client';
import type { ContractCase } from './suite';

/** Tenant isolation is absolute: another company's data is never visible or changeable. */
export const isolationContract: ContractCase = (target) => {
  describe('tenant isolation', () => {
    test("no id, token or key of one company reaches another's data", async () => {
      const api = new Api(target().baseUrl);
      const a = await signUp(api, 'iso-a');
      const b = await signUp(api, 'iso-b');
      const secret = await api.post('/v1/employees', newEmployee({ jobTitle: 'A secret' }), { token: a.token });
      const id = secret.body.id;
      const etag = secret.headers.get('etag')!;

      const read = await api.get(`/v1/employees/${id}`, { token: b.token });
      expect(read.status).toBe(404);
      const patch = await api.patch(`/v1/employees/${id}`, { jobTitle: 'Pwned' }, { token: b.token, headers: { 'if-match': etag } });
      expect(patch.status).toBe(404);
      const list = await api.get('/v1/employees', { token: b.token });
      expect(list.body.items).toHaveLength(0);

      const bKey = (await api.post('/v1/api-keys', { name: 'B', role: 'owner' }, { token: b.token })).body.key;
      expect((await api.get(`/v1/employees/${id}`, { token: bKey })).status).toBe(404);
      expect((await api.get('/v1/users', { token: bKey })).body.items.every((u: { email: string }) => u.email !== a.ownerEmail)).toBe(true);
      expect((await api.patch(`/v1/users/${a.ownerId}`, { role: 'employee' }, { token: b.token })).status).toBe(404);

      const untouched = await api.get(`/v1/employees/${id}`, { token: a.token });
      expect(untouched.body.jobTitle).toBe('A secret');
      expect((await api.get('/v1/me', { token: a.token })).body.user.role).toBe('owner');
    });

    test("one company's refresh token and credentials do not open another", async () => {
      const api = new Api(target().baseUrl);
      const a = await signUp(api, 'iso-c');
      const b = await signUp(api, 'iso-d');
      const cross = await api.post('/v1/auth/login', { tenant: b.slug, email: a.ownerEmail, password: 'correct horse battery staple' });
      expect(cross.status).toBe(401);
      const swapped = `${b.tenantId}.${a.refreshToken.split('.')[1]}`;
      expect((await api.post('/v1/auth/refresh', { refreshToken: swapped })).status).toBe(401);
    });
  });
};
