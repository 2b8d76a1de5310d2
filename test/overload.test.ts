import { afterAll, describe, expect, test } from 'bun:test';
import type { PublishedEvent } from '../actors/core/event';
import { TenantFanout } from '../src/bus/tenant-feed';
import { sseBody } from '../src/push/sse';
import { Api, signUp } from './contract/client';
import { startDistributed, type Distributed } from './support/distributed-target';
import { startEmbedded } from './support/embedded-target';
import { waitFor } from './support/wait';

/**
 * What protects a company and the service under load: the company-wide rate limit, the
 * refusal when the actor cannot be reached (fail closed), the cap on calls in flight, the
 * circuit breaker, and the cut-off of a push client that cannot keep up.
 */
const running: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
});

async function ownerWorker(d: Distributed, api: Api, token: string) {
  // One worker only in these runs: it owns every actor.
  expect(d.workers).toHaveLength(1);
  expect((await api.get('/v1/me', { token })).status).toBe(200);
  return d.workers[0]!;
}

describe('overload', () => {
  test('the company-wide limit counts every principal of the company together', async () => {
    // Each principal may do 1,000 a minute, the company only 30: two principals share 30.
    const roster = await startEmbedded({ ROSTER_RATE_LIMITS: JSON.stringify({ standard: { principal: [1000, 60], tenant: [30, 60] } }) });
    running.push(roster);
    const api = new Api(roster.baseUrl);
    const c = await signUp(api, 'rl-company');
    const key = (await api.post('/v1/api-keys', { name: 'second principal', role: 'admin' }, { token: c.token })).body.key as string;
    // What the company has left now, as the server tells it (this call took one).
    const first = await api.get('/v1/me', { token: c.token });
    expect(first.headers.get('ratelimit-policy')).toContain('"tenant"');
    const left = Number(first.headers.get('ratelimit')!.match(/r=(\d+)/)![1]);
    expect(left).toBeLessThan(30);
    const statuses = { owner: [] as number[], key: [] as number[] };
    for (let i = 0; i < 20; i++) statuses.owner.push((await api.get('/v1/me', { token: c.token })).status);
    let refusedPolicy = '';
    for (let i = 0; i < 20; i++) {
      const res = await api.get('/v1/me', { token: key });
      statuses.key.push(res.status);
      if (res.status === 429) {
        refusedPolicy = res.headers.get('ratelimit-policy') ?? '';
        expect(res.body.code).toBe('rate_limited');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
    }
    const allowed = [...statuses.owner, ...statuses.key].filter((s) => s === 200).length;
    // The refill is one request per 2 s: at most one more may have come free meanwhile.
    expect(allowed).toBeGreaterThanOrEqual(left);
    expect(allowed).toBeLessThanOrEqual(left + 1);
    expect(statuses.key).toContain(429);
    expect(refusedPolicy).toContain('"tenant"');
  }, 30_000);

  test('a push client that cannot keep up is cut off with its resume point, not buffered', async () => {
    const feed = new TenantFanout();
    const event = (seq: number): PublishedEvent =>
      ({ seq, type: 'employee.created', subject: `e${seq}`, data: { pad: 'x'.repeat(200) }, audience: [], requestId: 'r', at: new Date().toISOString() }) as never;
    const session = {
      streamId: 'str_test',
      listener: { all: true, keys: [], standing: [] },
      lastSent: 0,
      page: async () => [],
      review: async () => ({ all: true, keys: [], standing: [] }),
      close: () => undefined,
    };
    const body = sseBody({ feed, tenantId: 't', session, maxPendingBytes: 4096 });
    const reader = body.getReader();
    // The stream starts (subscribes) on the first read; it then holds what nobody reads.
    const hello = new TextDecoder().decode((await reader.read()).value);
    expect(hello).toContain(': connected at 0');
    await waitFor(() => (feed.connections === 1 ? true : undefined), 2000, 5);
    for (let seq = 1; seq <= 200; seq++) feed.deliver('t', [event(seq)]);
    // Cut off: the subscription is gone although nobody cancelled the stream.
    expect(feed.connections).toBe(0);
    let text = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(200);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const overflow = text.match(/event: overflow\ndata: (.+)\n\n$/);
    expect(overflow).not.toBeNull();
    expect(JSON.parse(overflow![1]!)).toEqual({ resumeFrom: ids.at(-1) });
  });

  test('an actor that cannot be reached fails the request closed: 503 with Retry-After', async () => {
    const d = await startDistributed({ gateways: 1, workers: 1 });
    running.push(d);
    const api = new Api(d.baseUrl);
    const c = await signUp(api, 'failclosed');
    const worker = await ownerWorker(d, api, c.token);
    await worker.stop('SIGKILL');
    const res = await api.get('/v1/me', { token: c.token });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('unavailable');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }, 60_000);

  test('calls in flight above ROSTER_MAX_IN_FLIGHT are refused at once with 503 and Retry-After', async () => {
    const d = await startDistributed({ gateways: 1, workers: 1, env: { ROSTER_MAX_IN_FLIGHT: '3', ROSTER_REQUEST_TIMEOUT_MS: '4000' } });
    running.push(d);
    const api = new Api(d.baseUrl);
    const c = await signUp(api, 'inflight');
    const worker = await ownerWorker(d, api, c.token);
    worker.signal('SIGSTOP');
    try {
      // Three calls hang on the paused worker and fill the cap...
      const hanging = Array.from({ length: 3 }, () => api.get('/v1/me', { token: c.token }));
      await Bun.sleep(200);
      // ...so the fourth is refused without waiting for the actor.
      const started = Date.now();
      const refused = await api.get('/v1/me', { token: c.token });
      const ms = Date.now() - started;
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('unavailable');
      expect(refused.body.detail ?? refused.body.title).toMatch(/in flight/i);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // The hanging calls wait ~4 s for their deadline; the refusal does not queue behind them.
      expect(ms).toBeLessThan(2000);
      worker.signal('SIGCONT');
      await Promise.all(hanging);
    } finally {
      worker.signal('SIGCONT');
    }
    // Once the calls are done, the cap lets calls through again.
    await waitFor(async () => ((await api.get('/v1/me', { token: c.token })).status === 200 ? true : undefined), 10_000, 200);
  }, 60_000);

  test('after repeated failures the circuit breaker answers 503 at once, then closes again', async () => {
    const d = await startDistributed({ gateways: 1, workers: 1, env: { ROSTER_REQUEST_TIMEOUT_MS: '6000' } });
    running.push(d);
    const api = new Api(d.baseUrl);
    const c = await signUp(api, 'breaker');
    const worker = await ownerWorker(d, api, c.token);
    worker.signal('SIGSTOP');
    let open: { status: number; headers: Headers; body: any } | undefined;
    let ms = 0;
    try {
      // Five calls time out on the paused worker (one failure each, after a 1 s try)...
      const failing = Array.from({ length: 5 }, () => api.get('/v1/me', { token: c.token }));
      await Bun.sleep(1500);
      // ...and the breaker is open: the next call fails fast instead of waiting 6 s.
      const started = Date.now();
      open = await api.get('/v1/me', { token: c.token });
      ms = Date.now() - started;
      worker.signal('SIGCONT');
      await Promise.all(failing);
    } finally {
      worker.signal('SIGCONT');
    }
    expect(open.status).toBe(503);
    expect(open.body.code).toBe('unavailable');
    expect(Number(open.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(ms).toBeLessThan(1000);
    // The breaker closes after its pause and calls reach the (woken) actor again.
    await waitFor(async () => ((await api.get('/v1/me', { token: c.token })).status === 200 ? true : undefined), 10_000, 200);
  }, 60_000);
});
