import { describe, expect, test } from 'bun:test';
import { Api, ownerPassword, signUp } from './client';
import type { ContractCase } from './suite';

/**
 * The anonymous doors and the envelope as an attacker meets them, in every mode: the login
 * back-off is kept by the tenant's actor, so it holds however many gateways there are.
 */
export const perimeterContract: ContractCase = (target) => {
  describe('perimeter', () => {
    test('after five wrong passwords the sixth try is 429 with Retry-After, for a known and an unknown account alike', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'per1');
      for (const email of [c.ownerEmail, `ghost@${c.slug}.test`]) {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) statuses.push((await api.post('/v1/auth/login', { tenant: c.slug, email, password: 'wrong' })).status);
        expect(statuses).toEqual([401, 401, 401, 401, 401]);
        const sixth = await api.post('/v1/auth/login', { tenant: c.slug, email, password: ownerPassword });
        expect([sixth.status, sixth.body.code, Number(sixth.headers.get('retry-after')) >= 1]).toEqual([429, 'login_throttled', true]);
      }
    });

    test('a body nested 30k levels deep gets 400 too_deep at the login door, not a 500', async () => {
      const api = new Api(target().baseUrl);
      // As deep as the suite's 64 KiB body limit allows (test/security/ sends 100k levels).
      const raw = `{"tenant":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
      const res = await api.request('POST', '/v1/auth/login', undefined, { raw, headers: { 'content-type': 'application/json' } });
      expect([res.status, res.body.code]).toEqual([400, 'too_deep']);
    });

    test('thousands of unknown keys get a short list of field errors', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'per2');
      const body = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`k${i}`, 1]));
      const res = await api.post('/v1/employees', body, { token: c.token });
      expect(res.status).toBe(400);
      expect(res.body.errors.length).toBe(21);
      expect(res.body.errors[20]).toEqual({ field: '(more)', message: expect.stringMatching(/^\d+ more fields are not valid\.$/) });
    });

    test('signed-in replies, CSV exports and token replies carry Cache-Control: no-store', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'per3');
      for (const path of ['/v1/me', '/v1/exports/employees.csv']) {
        expect([path, (await api.get(path, { token: c.token })).headers.get('cache-control')]).toEqual([path, 'no-store']);
      }
      const login = await api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
      expect(login.headers.get('cache-control')).toBe('no-store');
    });

    test('an invite accept with a bad body is 400 naming the field, whatever the token', async () => {
      const api = new Api(target().baseUrl);
      const res = await api.post('/v1/invites/accept', { token: 'ten_nope.x', password: 'short', x: 1 });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'x']);
    });
  });
};
