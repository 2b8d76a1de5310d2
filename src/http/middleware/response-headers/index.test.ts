import { describe, expect, test } from 'bun:test';
import { Hono } from 'hono';
import { responseHeaders } from '.';

const appWith = (origins?: string[]) => {
  const app = new Hono();
  app.use(responseHeaders({ corsOrigins: origins }));
  app.get('/x', (c) => c.json({ ok: true }));
  return app;
};

describe('responseHeaders', () => {
  test('sets the security headers on every response', async () => {
    const res = await appWith().request('/x');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  test('allows any origin by default, only listed ones otherwise', async () => {
    const any = await appWith().request('/x', { headers: { origin: 'https://a.example' } });
    expect(any.headers.get('access-control-allow-origin')).toBe('*');
    const listed = appWith(['https://hr.example']);
    const ok = await listed.request('/x', { headers: { origin: 'https://hr.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://hr.example');
    const other = await listed.request('/x', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
