import { describe, expect, test } from 'bun:test';
import { Webhook } from 'standardwebhooks';
import { Api, newEmployee, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';
import { waitFor } from '../support/wait';

/** A receiver on loopback that answers 500 the first `failures` times, then 204. */
function receiver(failures: number) {
  const received: { id: string; body: string; headers: Record<string, string>; accepted: boolean }[] = [];
  let left = failures;
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      const body = await req.text();
      const accepted = left <= 0;
      left--;
      received.push({ id: req.headers.get('webhook-id')!, body, headers: Object.fromEntries(req.headers), accepted });
      return new Response(null, { status: accepted ? 204 : 500 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}/hooks`, received, stop: () => server.stop(true) };
}


/** The suite's targets run with fast retries (base 100 ms), 4 attempts, and loopback allowed. */
export const webhooksContract: ContractCase = (target) => {
  describe('webhooks', () => {
    test('a receiver that fails three times then succeeds gets exactly one accepted, correctly signed delivery', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'hook');
      const hook = receiver(3);
      try {
        const endpoint = await api.post('/v1/webhooks', { url: hook.url, eventTypes: ['employee.created'] }, { token: c.token });
        expect(endpoint.status).toBe(201);
        expect(endpoint.body.secret).toMatch(/^whsec_/);
        const emp = await api.post('/v1/employees', newEmployee(), { token: c.token });
        expect(emp.status).toBe(201);

        await waitFor(() => (hook.received.some((r) => r.accepted) ? true : undefined));
        // A later event's delivery is the marker that the first one is done with: nothing of
        // the first arrives after it.
        const marker = await api.post('/v1/employees', newEmployee(), { token: c.token });
        await waitFor(() => (hook.received.some((r) => r.body.includes(marker.body.id)) ? true : undefined));
        const first = hook.received.filter((r) => r.body.includes(emp.body.id));
        expect(first.map((r) => r.accepted)).toEqual([false, false, false, true]);
        expect(new Set(first.map((r) => r.id)).size).toBe(1);

        const accepted = hook.received.find((r) => r.accepted)!;
        const verified = new Webhook(endpoint.body.secret).verify(accepted.body, accepted.headers) as any;
        expect(verified.type).toBe('employee.created');
        expect(verified.data.employee.id).toBe(emp.body.id);
        expect(() => new Webhook(endpoint.body.secret).verify(accepted.body.replace('created', 'deleted'), accepted.headers)).toThrow();

        // The delivery quotes the request that made the employee.
        expect(accepted.headers['x-request-id']).toBe(emp.headers.get('x-request-id')!);
        // The log: the first delivery took four tries, the marker's one.
        const outcomes = await waitFor(async () => {
          const log = await api.get('/v1/webhook-deliveries', { token: c.token });
          const items = log.body.items as { status: string; attempts: number; lastStatus: number }[];
          return items.length === 2 && items.every((d) => d.status === 'succeeded') ? items : undefined;
        });
        expect(outcomes.map((d) => [d.attempts, d.lastStatus]).sort()).toEqual([[1, 204], [4, 204]]);
      } finally {
        hook.stop();
      }
    });

    test('after the last try a delivery is dead-lettered, and a replay delivers it', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'hookdead');
      const hook = receiver(4);
      try {
        await api.post('/v1/webhooks', { url: hook.url, eventTypes: ['*'] }, { token: c.token });
        await api.post('/v1/employees', newEmployee(), { token: c.token });
        const dead = await waitFor(async () => {
          const res = await api.get('/v1/webhook-deliveries?status=dead', { token: c.token });
          return res.body.items.length === 1 ? res.body.items[0] : undefined;
        });
        expect(dead.attempts).toBe(4);
        const replay = await api.post(`/v1/webhook-deliveries/${dead.id}/replay`, {}, { token: c.token });
        expect(replay.status).toBe(200);
        // The receiver answers before the dispatcher records the success: wait for the record.
        const succeeded = await waitFor(async () => {
          const res = await api.get('/v1/webhook-deliveries?status=succeeded', { token: c.token });
          return res.body.items.length > 0 ? res.body.items : undefined;
        });
        expect(hook.received.some((r) => r.accepted)).toBe(true);
        expect(succeeded.map((d: { id: string }) => d.id)).toEqual([dead.id]);
      } finally {
        hook.stop();
      }
    });

    test('a slow endpoint never delays the command that produced the event', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'hookslow');
      const slow = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => Bun.sleep(3000).then(() => new Response(null, { status: 204 })) });
      try {
        await api.post('/v1/webhooks', { url: `http://127.0.0.1:${slow.port}/`, eventTypes: ['*'] }, { token: c.token });
        await api.post('/v1/employees', newEmployee(), { token: c.token });
        const started = performance.now();
        const res = await api.post('/v1/employees', newEmployee(), { token: c.token });
        expect(res.status).toBe(201);
        expect(performance.now() - started).toBeLessThan(1500);
      } finally {
        slow.stop(true);
      }
    });

    test('endpoint URLs are validated, and only admins manage webhooks', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'hookval');
      const bad = await api.post('/v1/webhooks', { url: 'ftp://x.example/', eventTypes: ['*'] }, { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('url');
      const creds = await api.post('/v1/webhooks', { url: 'https://u:p@x.example/', eventTypes: ['*'] }, { token: c.token });
      expect(creds.status).toBe(422);
      const hr = await userWithRole(api, c, 'hr');
      expect((await api.post('/v1/webhooks', { url: 'https://x.example/', eventTypes: ['*'] }, { token: hr.token })).status).toBe(403);
      expect((await api.get('/v1/webhooks', { token: c.token })).body.items).toEqual([]);
    });

    test('an event that a reaction emits is delivered too: the checklist a hire starts', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'hookchain');
      const hook = receiver(0);
      try {
        const endpoint = await api.post('/v1/webhooks', { url: hook.url, eventTypes: ['checklist.started'] }, { token: c.token });
        expect(endpoint.status).toBe(201);
        const template = await api.post('/v1/checklist-templates', { name: 'Basics', kind: 'onboarding', tasks: [{ title: 'Sign the contract', assignee: { type: 'employee' }, dueOffsetDays: 0 }] }, { token: c.token });
        expect(template.status).toBe(201);
        const hireDate = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
        const hire = await api.post('/v1/employees', newEmployee({ hireDate }), { token: c.token });
        expect(hire.status).toBe(201);
        // The hire's command emitted employee.created; its reaction started the checklist.
        const delivered = await waitFor(() => hook.received.find((r) => r.accepted));
        const body = new Webhook(endpoint.body.secret).verify(delivered.body, delivered.headers) as any;
        expect(body.type).toBe('checklist.started');
        expect(body.data.employeeId).toBe(hire.body.id);
        expect(hook.received.every((r) => JSON.parse(r.body).type === 'checklist.started')).toBe(true);
      } finally {
        hook.stop();
      }
    });

    test('deliveries to a disabled endpoint are closed as dead, not claimed again and again', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'hookoff');
      const hook = receiver(1000);
      try {
        const endpoint = await api.post('/v1/webhooks', { url: hook.url, eventTypes: ['employee.created'] }, { token: c.token });
        await api.post('/v1/employees', newEmployee(), { token: c.token });
        await waitFor(() => (hook.received.length > 0 ? true : undefined));
        expect((await api.delete(`/v1/webhooks/${endpoint.body.id}`, { token: c.token })).status).toBe(200);
        const dead = await waitFor(async () => {
          const log = await api.get('/v1/webhook-deliveries', { token: c.token });
          const d = log.body.items[0];
          return d?.status === 'dead' ? d : undefined;
        });
        expect(dead).toMatchObject({ status: 'dead', lastError: 'endpoint disabled', nextAttemptAt: null });
        // Closed, so nothing is due: a retry base of 100 ms would have sent several by now.
        const sent = hook.received.length;
        expect(sent).toBeLessThanOrEqual(2);
        const log = await api.get('/v1/webhook-deliveries?status=pending', { token: c.token });
        expect(log.body.items).toEqual([]);
      } finally {
        hook.stop();
      }
    });
  });
};
