import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Api, ownerPassword, signUp } from '../contract/client';
import { startEmbedded } from '../support/embedded-target';

/**
 * Issue 12 item 10, as an attacker sends it: a body nested 100k levels deep at the login
 * door, a megabyte of unknown keys, a made-up invite token with a long password; and what
 * a local user of the machine could read of the tenants' files.
 */
let target: Awaited<ReturnType<typeof startEmbedded>>;
let api: Api;

beforeAll(async () => {
  target = await startEmbedded({ ROSTER_MAX_BODY_BYTES: String(2 * 1024 * 1024) });
  api = new Api(target.baseUrl);
});
afterAll(() => target.close());

describe('small doors', () => {
  test('100k levels of nesting sent unauthenticated to /v1/auth/login get 400 too_deep, not a stack overflow', async () => {
    for (const [open, close] of [['[', ']'], ['{"a":', '}']] as const) {
      const raw = `{"tenant":${open.repeat(100_000)}1${close.repeat(100_000)}}`;
      const res = await api.request('POST', '/v1/auth/login', undefined, { raw, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('too_deep');
    }
    // The server is still there.
    expect((await api.get('/healthz')).status).toBe(200);
  });

  test('a 1 MiB body of unknown keys gets a small error listing a few of them', async () => {
    const c = await signUp(api, 'keys');
    const body: Record<string, number> = {};
    for (let i = 0, size = 2; size < 1024 * 1024; i++) {
      body[`k${i}`] = 1;
      size += `"k${i}":1,`.length;
    }
    for (const [path, token] of [['/v1/auth/login', undefined], ['/v1/employees', c.token]] as const) {
      const res = await fetch(`${target.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(text.length).toBeLessThan(8 * 1024);
      const problem = JSON.parse(text);
      expect(problem.errors.length).toBeLessThanOrEqual(21);
      expect(problem.errors.at(-1).field).toBe('(more)');
    }
  });

  test('an invite accept with a bad body is 400 whatever the token; a made-up token is 410 before any hashing', async () => {
    const bad = await api.post('/v1/invites/accept', { token: 'ten_x.y', password: 'short', x: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const c = await signUp(api, 'inv');
    const madeUp = `${c.tenantId}.${'A'.repeat(40)}`;
    const started = performance.now();
    const replies = await Promise.all(Array.from({ length: 20 }, () => api.post('/v1/invites/accept', { token: madeUp, password: ownerPassword })));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(410));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('made-up invite tokens cost the server no password hashing', async () => {
    // A real cost factor (64 MiB per hash), so that one hash is plainly visible: five
    // refused accepts together must take less time than one login, which hashes once.
    const costly = await startEmbedded({ ROSTER_SCRYPT_LOG_N: '16' });
    try {
      const capi = new Api(costly.baseUrl);
      const c = await signUp(capi, 'kdf');
      const t0 = performance.now();
      await capi.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
      const oneHash = performance.now() - t0;
      const t1 = performance.now();
      for (let i = 0; i < 5; i++) {
        const r = await capi.post('/v1/invites/accept', { token: `${c.tenantId}.${'B'.repeat(40)}${i}`, password: ownerPassword });
        expect(r.status).toBe(410);
      }
      expect(performance.now() - t1).toBeLessThan(oneHash);
    } finally {
      await costly.close();
    }
  });

  test('tenant databases are 0600 in 0700 folders', async () => {
    const c = await signUp(api, 'files');
    const file = join(target.dataDir, 'tenants', `${c.tenantId}.db`);
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect((statSync(join(target.dataDir, 'tenants')).mode & 0o777).toString(8)).toBe('700');
    expect((statSync(join(target.dataDir, 'directory.db')).mode & 0o777).toString(8)).toBe('600');
  });

  test('authenticated replies and CSV exports carry Cache-Control: no-store, and so do token replies', async () => {
    const c = await signUp(api, 'cache');
    for (const path of ['/v1/me', '/v1/employees', '/v1/exports/employees.csv']) {
      const res = await api.get(path, { token: c.token });
      expect([path, res.headers.get('cache-control')]).toEqual([path, 'no-store']);
    }
    const login = await api.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
    expect(login.headers.get('cache-control')).toBe('no-store');
    const refused = await api.get('/v1/employees', { token: 'nope' });
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });
});
