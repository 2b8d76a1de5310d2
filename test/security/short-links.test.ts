import { Database } from 'bun:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Api, signUp } from '../contract/client';
import { startEmbedded } from '../support/embedded-target';

/**
 * Issue 12 item 6: a short link that sends visitors off-site, and rows stored before the
 * rule (written here straight into the directory's database, as an older version did).
 */
let target: Awaited<ReturnType<typeof startEmbedded>>;
let api: Api;
beforeAll(async () => {
  target = await startEmbedded();
  api = new Api(target.baseUrl);
});
afterAll(() => target.close());

describe('short links off-site', () => {
  test('the targets browsers turn into evil.example are refused, and nothing is stored', async () => {
    const c = await signUp(api, 'sl');
    const db = new Database(join(target.dataDir, 'directory.db'), { readonly: true });
    const count = () => (db.query('select count(*) as n from short_links').get() as { n: number }).n;
    const before = count();
    for (const t of ['/\t/evil.example/', '/\n/evil.example/', '/\\evil.example/', '/\u0000', 'https://evil.example/', '//evil.example']) {
      const res = await api.post('/v1/links', { target: t }, { token: c.token });
      expect([JSON.stringify(t), res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([JSON.stringify(t), 422, 'link_target_refused', 'target']);
    }
    expect(count()).toBe(before);
    db.close();
  });

  test('rows stored before the rule answer 410 on visit: never a redirect off-site, never a 500', async () => {
    const c = await signUp(api, 'sl2');
    const made = await api.post('/v1/links', { target: '/ok' }, { token: c.token });
    expect(made.status).toBe(201);
    const db = new Database(join(target.dataDir, 'directory.db'));
    const legacy = { AAAAAAAAAAA1: '/\t/evil.example/', AAAAAAAAAAA2: '/a\nSet-Cookie: x=1', AAAAAAAAAAA3: '/\u0000', AAAAAAAAAAA4: '/\\evil.example' };
    for (const [code, bad] of Object.entries(legacy)) {
      db.query('insert into short_links (code, tenant_id, target, created_by, created_at, expires_at, visits) values (?, ?, ?, ?, ?, ?, 0)').run(
        code, c.tenantId, bad, 'usr_legacy', new Date().toISOString(), new Date(Date.now() + 3600_000).toISOString(),
      );
    }
    db.close();
    for (const code of Object.keys(legacy)) {
      const res = await fetch(`${target.baseUrl}/s/${code}`, { redirect: 'manual' });
      expect([code, res.status, res.headers.get('location')]).toEqual([code, 410, null]);
    }
  });

  test('making links counts against the principal rate limit like any other request', async () => {
    const limited = await startEmbedded({ ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [3, 60], tenant: [1000, 60] } }) });
    try {
      const lapi = new Api(limited.baseUrl);
      const c = await signUp(lapi, 'sl3');
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await lapi.post('/v1/links', { target: `/p${i}` }, { token: c.token })).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const over = await lapi.post('/v1/links', { target: '/q' }, { token: c.token });
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});
