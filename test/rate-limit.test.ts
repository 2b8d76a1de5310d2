import { afterAll, describe, expect, test } from 'bun:test';
import { Api, signUp } from './contract/client';
import { startDistributed, type Distributed } from './support/distributed-target';
import { startWorkerd } from './support/cloudflare-target';
import { startEmbedded } from './support/embedded-target';

// 20 requests at once, then 10 a second, per principal; the company may do 200 per 2 s.
const limits = JSON.stringify({ standard: { principal: [20, 2], tenant: [200, 2] } });
const running: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
});

/** Sends requests from every URL for `ms`, counting what got through and what was refused. */
async function hammer(urls: string[], token: string, ms: number) {
  let ok = 0;
  let limited = 0;
  let retryAfter = 0;
  const until = Date.now() + ms;
  const started = Date.now();
  await Promise.all(
    urls.flatMap((url) =>
      [0, 1, 2, 3].map(async () => {
        const api = new Api(url);
        while (Date.now() < until) {
          const res = await api.get('/v1/me', { token });
          if (res.status === 200) ok++;
          else if (res.status === 429) {
            limited++;
            retryAfter = Number(res.headers.get('retry-after'));
            expect(res.body.code).toBe('rate_limited');
          } else throw new Error(`unexpected ${res.status}`);
        }
      }),
    ),
  );
  return { ok, limited, retryAfter, seconds: (Date.now() - started) / 1000 };
}

describe('rate limits', () => {
  test('one process: a burst, then the sustained rate, within 10 %', async () => {
    const roster = await startEmbedded({ ROSTER_RATE_LIMITS: limits });
    running.push(roster);
    const api = new Api(roster.baseUrl);
    const c = await signUp(api, 'rl');
    await Bun.sleep(2100); // the sign-up's own calls leave the quota whole again
    const r = await hammer([roster.baseUrl], c.token, 3000);
    const expected = 20 + 10 * r.seconds;
    console.log(`embedded: ${r.ok} allowed in ${r.seconds.toFixed(2)} s (configured ${expected.toFixed(0)}), ${r.limited} refused`);
    expect(Math.abs(r.ok - expected) / expected).toBeLessThan(0.1);
    expect(r.limited).toBeGreaterThan(0);
    expect(r.retryAfter).toBeGreaterThanOrEqual(1);
  }, 30_000);

  test('three gateways: what gets through stays within 10 % of the limit', async () => {
    const d: Distributed = await startDistributed({ gateways: 3, workers: 2, env: { ROSTER_RATE_LIMITS: limits } });
    running.push(d);
    const c = await signUp(new Api(d.baseUrl), 'rl3');
    await Bun.sleep(2100);
    const r = await hammer(d.gateways.map((g) => g.url!), c.token, 3000);
    const expected = 20 + 10 * r.seconds;
    console.log(`3 gateways: ${r.ok} allowed in ${r.seconds.toFixed(2)} s (configured ${expected.toFixed(0)}), ${r.limited} refused`);
    expect(Math.abs(r.ok - expected) / expected).toBeLessThan(0.1);
  }, 60_000);

  test('Cloudflare: the Durable Object counts the limit (local workerd: one isolate)', async () => {
    const w = await startWorkerd({ ROSTER_RATE_LIMITS: limits });
    running.push(w);
    const c = await signUp(new Api(w.baseUrl), 'rlcf');
    await Bun.sleep(2100);
    const r = await hammer([w.baseUrl], c.token, 3000);
    const expected = 20 + 10 * r.seconds;
    console.log(`workerd: ${r.ok} allowed in ${r.seconds.toFixed(2)} s (configured ${expected.toFixed(0)}), ${r.limited} refused`);
    expect(Math.abs(r.ok - expected) / expected).toBeLessThan(0.1);
  }, 60_000);
});
