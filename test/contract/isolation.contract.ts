import { describe, expect, test } from 'bun:test';
import { Api, companyToday, newEmployee, signUp } from './client';
import { fill, idsIn, populate, tenantOperations } from './isolation-sweep';
import type { ContractCase } from './suite';

/**
 * Reads that change by themselves: deliveries are retried in the background, and the last
 * failed try announces itself with a `webhook.delivery_dead` event.
 */
// A subject-access export carries the event log and the webhook deliveries too, and the time it was made.
const volatile = (path: string) => path.startsWith('/v1/webhook-deliveries') || path.startsWith('/v1/events') || path.endsWith('/data-export');

/** Tenant isolation is absolute: another company's data is never visible or changeable. */
export const isolationContract: ContractCase = (target) => {
  describe('tenant isolation', () => {
    test("no id, token or key of one company reaches another's data", async () => {
      const api = new Api(target().baseUrl);
      const a = await signUp(api, 'iso-a');
      const b = await signUp(api, 'iso-b');
      const secret = await api.post('/v1/employees', newEmployee({ jobTitle: 'A secret' }), { token: a.token });
      const id = secret.body.id;
      const etag = secret.headers.get('etag')!;

      const read = await api.get(`/v1/employees/${id}`, { token: b.token });
      expect(read.status).toBe(404);
      const patch = await api.patch(`/v1/employees/${id}`, { jobTitle: 'Pwned' }, { token: b.token, headers: { 'if-match': etag } });
      expect(patch.status).toBe(404);
      const list = await api.get('/v1/employees', { token: b.token });
      expect(list.body.items).toHaveLength(0);

      const bKey = (await api.post('/v1/api-keys', { name: 'B', role: 'owner' }, { token: b.token })).body.key;
      expect((await api.get(`/v1/employees/${id}`, { token: bKey })).status).toBe(404);
      const bUsers = (await api.get('/v1/users', { token: bKey })).body.items as { email: string }[];
      expect(bUsers.map((u) => u.email)).toEqual([b.ownerEmail]);
      expect((await api.patch(`/v1/users/${a.ownerId}`, { role: 'employee' }, { token: b.token })).status).toBe(404);

      const untouched = await api.get(`/v1/employees/${id}`, { token: a.token });
      expect(untouched.body.jobTitle).toBe('A secret');
      expect((await api.get('/v1/me', { token: a.token })).body.user.role).toBe('owner');
    });

    test('every tenant-scoped route the API declares refuses the ids of another company and shows none of its data', async () => {
      const api = new Api(target().baseUrl);
      const a = await signUp(api, 'sweep-a');
      const b = await signUp(api, 'sweep-b');
      const A = await populate(api, a, 'AlphaSecret');
      await populate(api, b, 'BetaOwn');
      const ops = await tenantOperations(api);
      const today = await companyToday(api, a.token);
      const gets = ops.filter((op) => op.method === 'GET');

      // What A itself reads on every route, filled with its own ids (twice: reads reveal ids).
      const seen = new Map<string, { body: unknown; etag: string | null }>();
      const readAll = async () => {
        for (const op of gets) {
          for (const r of fill(op, [...A.ids], A.dates, today)) {
            const res = await api.get(r.path, { token: a.token });
            if (res.status >= 300) continue;
            for (const id of idsIn(res.body)) A.ids.add(id);
            seen.set(r.path, { body: res.body, etag: res.headers.get('etag') });
          }
        }
      };
      await readAll();
      await readAll();
      // Every route that takes an id reached real data of A's: else the sweep would prove nothing there.
      const uncovered = gets.filter((op) => op.template.includes('{') && !fill(op, [...A.ids], A.dates, today).some((r) => seen.has(r.path)));
      expect(uncovered.map((op) => op.template)).toEqual([]);
      const snapshot = () => new Map([...seen].filter(([path]) => !volatile(path)).map(([path, v]) => [path, JSON.stringify(v.body)]));
      const before = snapshot();

      // B's owner tries every operation with A's ids.
      const leaks: string[] = [];
      let tried = 0;
      for (const op of ops) {
        for (const r of fill(op, [...A.ids], A.dates, today)) {
          tried++;
          const etag = seen.get(r.path.split('?')[0]!)?.etag ?? '*';
          const res = await api.request(op.method, r.path, r.body, { token: b.token, headers: { 'if-match': etag } });
          const sent = new Set(idsIn(r.path).concat(idsIn(r.body)));
          const shown = idsIn(res.body).filter((id) => A.ids.has(id) && !sent.has(id));
          const what = `${op.method} ${r.path} -> ${res.status}`;
          if (res.status >= 500) leaks.push(`${what}: server error`);
          else if (op.template.includes('{') && res.status < 300) leaks.push(`${what}: accepted another company's id`);
          else if (op.template.includes('{') && op.method === 'GET' && res.status !== 404) leaks.push(`${what}: not 404`);
          if (shown.length > 0 || JSON.stringify(res.body ?? '').includes('AlphaSecret')) leaks.push(`${what}: shows A's data ${shown.join(' ')}`);
        }
      }
      expect(leaks).toEqual([]);
      expect(tried).toBeGreaterThan(ops.length);

      // And A's data is as it was.
      seen.clear();
      await readAll();
      const after = snapshot();
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
      expect(changed).toEqual([]);
    }, 120_000);

    test("one company's refresh token and credentials do not open another", async () => {
      const api = new Api(target().baseUrl);
      const a = await signUp(api, 'iso-c');
      const b = await signUp(api, 'iso-d');
      const cross = await api.post('/v1/auth/login', { tenant: b.slug, email: a.ownerEmail, password: 'correct horse battery staple' });
      expect(cross.status).toBe(401);
      const swapped = `${b.tenantId}.${a.refreshToken.split('.')[1]}`;
      expect((await api.post('/v1/auth/refresh', { refreshToken: swapped })).status).toBe(401);
    });
  });
};
