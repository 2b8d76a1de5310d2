import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { uniqueSlug } from '../contract/client';
import { startEmbedded } from '../support/embedded-target';
import { requestFrom } from './from-address';

/**
 * The attack of issue 12 item 5: sign-ups in a loop, each of which used to create a
 * database file. One server with the default per-address limit (5 an hour), one with a
 * small global limit.
 */
const signUp = (baseUrl: string, from: string, slug = uniqueSlug('su')) =>
  requestFrom(baseUrl, from, 'POST', '/v1/tenants', {
    name: `Company ${slug}`,
    slug,
    owner: { name: 'Olive Owner', email: `owner@${slug}.test`, password: 'correct horse battery staple' },
  });

const databases = (dataDir: string) => {
  try {
    return readdirSync(join(dataDir, 'tenants')).filter((f) => f.endsWith('.db')).length;
  } catch {
    return 0;
  }
};

describe('sign-up limits', () => {
  let perAddress: Awaited<ReturnType<typeof startEmbedded>>;
  let global: Awaited<ReturnType<typeof startEmbedded>>;
  beforeAll(async () => {
    // The defaults, not the suite's generous ones.
    perAddress = await startEmbedded({ ROSTER_SIGNUPS_PER_ADDRESS: '[5,3600]', ROSTER_SIGNUPS_GLOBAL: '[100,3600]' });
    global = await startEmbedded({ ROSTER_SIGNUPS_GLOBAL: '[3,3600]' });
  });
  afterAll(async () => {
    await perAddress.close();
    await global.close();
  });

  test('a sixth sign-up from one address within the hour gets 429 with Retry-After, and creates nothing', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await signUp(perAddress.baseUrl, '127.0.0.2')).status);
    expect(made).toEqual([201, 201, 201, 201, 201]);
    const before = databases(perAddress.dataDir);
    expect(before).toBeGreaterThanOrEqual(5);
    const slug = uniqueSlug('su');
    const refused = await signUp(perAddress.baseUrl, '127.0.0.2', slug);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('rate_limited');
    // 3600 s ÷ 5 = one more every 12 minutes.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(600);
    expect(refused.headers['ratelimit-policy']).toBe('"signup-address";q=5;w=3600');
    expect(databases(perAddress.dataDir)).toBe(before);
    // The slug was not taken by the refused attempt, and another address is not held back.
    expect((await signUp(perAddress.baseUrl, '127.0.0.3', slug)).status).toBe(201);
  });

  test('past the global limit every address is refused', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await signUp(global.baseUrl, `127.0.1.${i + 1}`)).status);
    expect(made).toEqual([201, 201, 201]);
    const before = databases(global.dataDir);
    expect(before).toBe(3);
    const refused = await signUp(global.baseUrl, '127.0.1.9');
    expect(refused.status).toBe(429);
    expect(refused.headers['ratelimit-policy']).toBe('"signup-global";q=3;w=3600');
    expect(databases(global.dataDir)).toBe(before);
  });

  test('a bad body is refused before it counts', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await requestFrom(perAddress.baseUrl, '127.0.0.4', 'POST', '/v1/tenants', { slug: 'x' });
      expect(r.status).toBe(400);
    }
    expect((await signUp(perAddress.baseUrl, '127.0.0.4')).status).toBe(201);
  });
});
