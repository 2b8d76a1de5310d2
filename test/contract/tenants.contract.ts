import { describe, expect, test } from 'bun:test';
import { Api, ownerPassword, uniqueSlug } from './client';
import type { ContractCase } from './suite';

const owner = (email: string) => ({ name: 'Ada Admin', email, password: ownerPassword });

export const tenantsContract: ContractCase = (target) => {
  describe('tenants', () => {
    test('creating a company returns the tenant and its owner', async () => {
      const api = new Api(target().baseUrl);
      const slug = uniqueSlug('acme');
      const res = await api.post('/v1/tenants', { name: 'Acme', slug, owner: owner(`ada@${slug}.test`) });
      expect(res.status).toBe(201);
      expect(res.body.tenant).toEqual({ id: expect.stringMatching(/^ten_/), slug, name: 'Acme' });
      expect(res.body.user).toEqual({ id: expect.stringMatching(/^usr_/), email: `ada@${slug}.test`, role: 'owner' });
    });

    test('a taken slug is a 409 and the second owner cannot sign in', async () => {
      const api = new Api(target().baseUrl);
      const slug = uniqueSlug('dup');
      expect((await api.post('/v1/tenants', { name: 'First', slug, owner: owner('first@dup.test') })).status).toBe(201);
      const second = await api.post('/v1/tenants', { name: 'Second', slug, owner: owner('second@dup.test') });
      expect(second.status).toBe(409);
      expect(second.body.code).toBe('slug_taken');
      expect(second.body.errors).toEqual([{ field: 'slug', message: expect.any(String) }]);
      const login = await api.post('/v1/auth/login', { tenant: slug, email: 'second@dup.test', password: ownerPassword });
      expect(login.status).toBe(401);
    });

    test('each invalid field is named, and nothing is created', async () => {
      const api = new Api(target().baseUrl);
      const slug = uniqueSlug('bad');
      const res = await api.post('/v1/tenants', {
        name: '',
        slug: 'Not A Slug!',
        owner: { name: 'A', email: 'not-an-email', password: 'short' },
        plan: 'gold',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['name', 'owner.email', 'owner.password', 'plan', 'slug']);
      // A valid retry under a fresh slug works: the failed one left nothing behind.
      const ok = await api.post('/v1/tenants', { name: 'Good', slug, owner: owner(`a@${slug}.test`) });
      expect(ok.status).toBe(201);
    });

    test('missing fields and wrong types are named', async () => {
      const api = new Api(target().baseUrl);
      const res = await api.post('/v1/tenants', { name: 42, owner: {} });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['name', 'owner.email', 'owner.name', 'owner.password', 'slug']);
    });

    test('over-long strings and odd Unicode are refused', async () => {
      const api = new Api(target().baseUrl);
      const long = await api.post('/v1/tenants', { name: 'x'.repeat(500), slug: uniqueSlug(), owner: owner('l@long.test') });
      expect(long.status).toBe(400);
      expect(long.body.errors[0].field).toBe('name');
      const bidi = await api.post('/v1/tenants', { name: 'Acme\u202Egnp.exe', slug: uniqueSlug(), owner: owner('b@bidi.test') });
      expect(bidi.status).toBe(400);
      expect(bidi.body.errors[0].field).toBe('name');
      const control = await api.post('/v1/tenants', { name: 'Ac\u0000me', slug: uniqueSlug(), owner: owner('c@ctl.test') });
      expect(control.status).toBe(400);
    });

    test('names in other scripts are welcome', async () => {
      const api = new Api(target().baseUrl);
      const slug = uniqueSlug('intl');
      const res = await api.post('/v1/tenants', { name: '株式会社 Ünïcødé', slug, owner: { ...owner(`z@${slug}.test`), name: 'Zoë Çelik' } });
      expect(res.status).toBe(201);
      expect(res.body.tenant.name).toBe('株式会社 Ünïcødé');
    });
  });
};
