import { describe, expect, test } from 'bun:test';
import { Api, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

export const linksContract: ContractCase = (target) => {
  describe('short links', () => {
    test('a link redirects to its path until it expires, then answers 410; unknown codes 404', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'links');
      const made = await api.post('/v1/links', { target: '/invite#token=abc', expiresInSeconds: 2 }, { token: c.token });
      expect(made.status).toBe(201);
      expect(made.body.code).toMatch(/^[A-Za-z0-9]{12}$/);
      expect(made.body.url).toEndWith(`/s/${made.body.code}`);
      const go = await fetch(`${target().baseUrl}/s/${made.body.code}`, { redirect: 'manual' });
      expect(go.status).toBe(302);
      expect(go.headers.get('location')).toBe('/invite#token=abc');
      expect((await fetch(`${target().baseUrl}/s/AAAAAAAAAAAA`, { redirect: 'manual' })).status).toBe(404);
      const malformed = await fetch(`${target().baseUrl}/s/not-a-code`, { redirect: 'manual' });
      expect([malformed.status, malformed.headers.get('content-type'), ((await malformed.json()) as { code: string }).code]).toEqual([404, 'application/problem+json', 'not_found']);
      await Bun.sleep(2100);
      const late = await fetch(`${target().baseUrl}/s/${made.body.code}`, { redirect: 'manual' });
      expect(late.status).toBe(410);
    });

    test('links only lead to this site, and codes do not follow one another', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'links2');
      for (const bad of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)']) {
        const res = await api.post('/v1/links', { target: bad }, { token: c.token });
        expect(res.status).toBe(422);
        expect(res.body.errors[0].field).toBe('target');
      }
      expect((await api.post('/v1/links', { target: '/x' })).status).toBe(401);
      const codes = await Promise.all(Array.from({ length: 5 }, () => api.post('/v1/links', { target: '/x' }, { token: c.token })));
      const values = codes.map((r) => r.body.code as string);
      expect(new Set(values).size).toBe(5);
      // Random, not sequential: no two share a 6-character prefix.
      expect(new Set(values.map((v) => v.slice(0, 6))).size).toBe(5);
    });

    test('targets a browser would turn into another host are refused with 422 naming target', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'links3');
      // Browsers drop tabs and newlines, trim leading controls and read `\` as `/`: each of
      // these becomes `//evil.example/…`, another host, or cannot be sent as a header at all.
      const bad = ['/\t/evil.example/', '/\n/evil.example/', '/\r/evil.example', '\t//evil.example', ' //evil.example',
        '/\\evil.example', '\\/evil.example', '/\u0000x', '/a\nb', '/a\u007fb', '//evil.example', '///evil.example', 'x', ''];
      for (const t of bad) {
        const res = await api.post('/v1/links', { target: t }, { token: c.token });
        expect([JSON.stringify(t), res.status, res.body.errors?.[0]?.field]).toEqual([JSON.stringify(t), 422, 'target']);
      }
      const ok = await api.post('/v1/links', { target: '/invite?x=1#token=a%2Fb' }, { token: c.token });
      expect(ok.status).toBe(201);
      const go = await fetch(`${target().baseUrl}/s/${ok.body.code}`, { redirect: 'manual' });
      expect(go.status).toBe(302);
      const location = new URL(go.headers.get('location')!, target().baseUrl);
      expect(location.origin).toBe(new URL(target().baseUrl).origin);
    });

    test('a deactivated user cannot make links with a token issued before', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'links4');
      const hr = await userWithRole(api, c, 'hr');
      expect((await api.post('/v1/links', { target: '/a' }, { token: hr.token })).status).toBe(201);
      expect((await api.post(`/v1/users/${hr.id}/deactivate`, {}, { token: c.token })).status).toBe(200);
      const refused = await api.post('/v1/links', { target: '/b' }, { token: hr.token });
      expect(refused.status).toBe(401);
    });
  });
};
