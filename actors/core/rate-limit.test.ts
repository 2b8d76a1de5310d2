import { describe, expect, test } from 'bun:test';
import { RateLimiter, rateLimitHeaders } from './rate-limit';

const policy = { name: 'principal', key: 'u1', limit: 10, windowMs: 10_000 };

describe('GCRA rate limiter', () => {
  test('allows a burst of the limit, then refuses with the wait', () => {
    const rl = new RateLimiter();
    const results = Array.from({ length: 12 }, () => rl.take([policy], 0));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results[9]!.state.remaining).toBe(0);
    expect(results[10]).toMatchObject({ allowed: false, state: { retryAfterSeconds: 1 } });
  });

  test('then lets through exactly the sustained rate', () => {
    const rl = new RateLimiter();
    for (let i = 0; i < 10; i++) rl.take([policy], 0);
    let allowed = 0;
    for (let t = 0; t <= 10_000; t += 100) if (rl.take([policy], t).allowed) allowed++;
    expect(allowed).toBe(10);
  });

  test('takes from every policy or none, and reports the tightest', () => {
    const rl = new RateLimiter();
    const tenant = { name: 'tenant', key: 'tenant', limit: 3, windowMs: 10_000 };
    const other = { ...policy, key: 'u2' };
    expect(rl.take([policy, tenant], 0).state).toMatchObject({ policy: 'tenant', remaining: 2 });
    rl.take([other, tenant], 0);
    rl.take([other, tenant], 0);
    expect(rl.take([policy, tenant], 0)).toMatchObject({ allowed: false, state: { policy: 'tenant' } });
    // The refused request took nothing from u1's own quota.
    expect(rl.take([policy], 0).state.remaining).toBe(8);
  });

  test('headers follow the IETF RateLimit draft', () => {
    expect(rateLimitHeaders({ policy: 'principal', limit: 600, windowSeconds: 60, remaining: 42, resetSeconds: 3 })).toEqual({
      'RateLimit-Policy': '"principal";q=600;w=60',
      RateLimit: '"principal";r=42;t=3',
    });
  });
});
