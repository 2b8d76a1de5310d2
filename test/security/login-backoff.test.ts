import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Api, ownerPassword, signUp, type Company } from '../contract/client';
import { startEmbedded } from '../support/embedded-target';
import { requestFrom } from './from-address';

/**
 * The attack of issue 12 item 5: wrong passwords in a row, in parallel, sprayed over many
 * accounts, and from many companies. The server runs with its default login limits.
 */
let target: Awaited<ReturnType<typeof startEmbedded>>;
let api: Api;

beforeAll(async () => {
  target = await startEmbedded({ ROSTER_LOGIN_ADDRESS_RATE: '[40,3600]' });
  api = new Api(target.baseUrl);
});
afterAll(() => target.close());

const login = (c: Company, from: string, password: string, email = c.ownerEmail) =>
  requestFrom(target.baseUrl, from, 'POST', '/v1/auth/login', { tenant: c.slug, email, password });

describe('login back-off', () => {
  test('wrong passwords in a row: five 401s, then 429 with Retry-After growing 1, 2, 4 s; a wait, not a lock', async () => {
    const c = await signUp(api, 'bo1');
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) seen.push((await login(c, '127.0.0.2', 'wrong')).status);
    expect(seen).toEqual([401, 401, 401, 401, 401]);
    const refused = await login(c, '127.0.0.2', 'wrong');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('login_throttled');
    expect(refused.headers['retry-after']).toBe('1');
    // Even the right password is not checked while the wait lasts: nothing to learn from it.
    expect((await login(c, '127.0.0.2', ownerPassword)).status).toBe(429);
    await Bun.sleep(1100);
    expect((await login(c, '127.0.0.2', 'wrong')).status).toBe(401);
    const longer = await login(c, '127.0.0.2', 'wrong');
    expect([longer.status, longer.headers['retry-after']]).toEqual([429, '2']);
    await Bun.sleep(2100);
    expect((await login(c, '127.0.0.2', 'wrong')).status).toBe(401);
    expect((await login(c, '127.0.0.2', 'wrong')).headers['retry-after']).toBe('4');
    // Meanwhile the owner, from their own address, signs in as usual: no lockout by a stranger.
    expect((await login(c, '127.0.0.3', ownerPassword)).status).toBe(200);
  });

  test('200 guesses fired at once: at most five reach the password check', async () => {
    const c = await signUp(api, 'bo2');
    const replies = await Promise.all(Array.from({ length: 200 }, () => login(c, '127.0.0.4', 'wrong')));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(195);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  test('an unknown account is throttled exactly like a known one', async () => {
    const c = await signUp(api, 'bo3');
    const run = async (email: string, from: string) => {
      const out: (number | string | undefined)[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await login(c, from, 'wrong', email);
        out.push(r.status, r.body.code, r.headers['retry-after']);
      }
      return out;
    };
    expect(await run(`nobody@${c.slug}.test`, '127.0.0.5')).toEqual(await run(c.ownerEmail, '127.0.0.6'));
  });

  test('one address spraying many accounts of a company is slowed after 20 failures', async () => {
    const c = await signUp(api, 'bo4');
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(c, '127.0.0.7', 'Winter2026!', `user${i}@${c.slug}.test`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another client of the same company is not affected.
    expect((await login(c, '127.0.0.8', ownerPassword)).status).toBe(200);
  });

  test('one address trying many companies is rate-limited across all of them (and unknown ones)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) {
      const r = await requestFrom(target.baseUrl, '127.0.0.9', 'POST', '/v1/auth/login', { tenant: `nope-${i}`, email: 'a@b.test', password: 'x' });
      statuses.push(r.status);
      if (r.status === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([...Array(40).fill(401), 429]);
  });
});
