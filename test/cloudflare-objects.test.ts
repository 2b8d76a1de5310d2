import { afterAll, describe, expect, test } from 'bun:test';
import { Api, newEmployee, ownerPassword, signUp } from './contract/client';
import { startWorkerd, type Workerd } from './support/cloudflare-target';
import { waitFor } from './support/wait';

const running: Workerd[] = [];
afterAll(async () => {
  await Promise.all(running.map((w) => w.close()));
});


describe('Durable Objects on workerd', () => {
  test('an object keeps its state when the runtime restarts (eviction)', async () => {
    const w = await startWorkerd();
    running.push(w);
    const api = new Api(w.baseUrl);
    const c = await signUp(api, 'evict');
    const made = await api.post('/v1/employees', newEmployee({ jobTitle: 'Survivor' }), { token: c.token });
    await w.restart();
    const again = new Api(w.baseUrl);
    const login = await again.post('/v1/auth/login', { tenant: c.slug, email: c.ownerEmail, password: ownerPassword });
    expect(login.status).toBe(200);
    const read = await again.get(`/v1/employees/${made.body.id}`, { token: login.body.accessToken });
    expect(read.status).toBe(200);
    expect(read.body.jobTitle).toBe('Survivor');
    // The sequence carries on: the next event follows the ones before the restart.
    const events = await again.get('/v1/events?after=0', { token: login.body.accessToken });
    expect(events.body.items.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
  }, 120_000);

  test('an alarm due while the runtime was down fires after it restarts', async () => {
    // Retries 2.4-3.6 s after a failure: long enough to stop the runtime before one is due.
    const w = await startWorkerd({ ROSTER_WEBHOOK_RETRY_BASE_MS: '3000' });
    running.push(w);
    const api = new Api(w.baseUrl);
    const c = await signUp(api, 'alarm');
    // A receiver that fails the first delivery: its retry is a timer, i.e. the object's alarm.
    let calls = 0;
    const receiver = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      fetch: () => new Response(null, { status: ++calls === 1 ? 500 : 204 }),
    });
    try {
      await api.post('/v1/webhooks', { url: `http://127.0.0.1:${receiver.port}/`, eventTypes: ['*'] }, { token: c.token });
      await api.post('/v1/employees', newEmployee(), { token: c.token });
      // The first attempt failed and was recorded: its retry is now the object's alarm.
      await waitFor(async () => {
        const log = await api.get('/v1/webhook-deliveries', { token: c.token });
        return log.body.items[0]?.attempts === 1 ? true : undefined;
      });
      // Stop the runtime before the retry is due; nobody calls Roster after the restart.
      await w.stop();
      expect(calls).toBe(1);
      await w.start();
      await waitFor(async () => (calls >= 2 ? true : undefined));
      const log = await new Api(w.baseUrl).get('/v1/webhook-deliveries', { token: c.token });
      expect(log.body.items[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
    } finally {
      receiver.stop(true);
    }
  }, 120_000);
});
