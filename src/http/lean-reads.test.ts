import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '../runtime/bun-platform';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { createEmbedded, type Embedded } from '../runtime/embedded';
import { Api, hireAs, newEmployee, signUp, userWithRole, type Company } from '../../test/contract/client';
import { contractEnv } from '../../test/contract/suite';
import { Hono } from 'hono';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { headersStarter, leanReads } from './lean-reads';
import type { MessageDef } from '../../actors/core/message';

/**
 * The lean read path must answer exactly as Hono would: each read is sent both ways (Hono
 * first, then the lean path, the same request id) and the two responses compared, status,
 * headers and body (the RateLimit header's counts aside: the first request took one).
 */
let dir: string;
let roster: Embedded;
let server: ReturnType<typeof Bun.serve>;
let api: Api;
let company: Company;
let employeeId: string;
let staff: { id: string; token: string; email: string };
let gone: { id: string; token: string; email: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-lean-'));
  roster = createEmbedded(loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12' }), createLogger('silent'));
  server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  api = new Api(`http://127.0.0.1:${server.port}`);
  company = await signUp(api, 'lean');
  employeeId = (await api.post('/v1/employees', newEmployee({ jobTitle: 'Welder' }), { token: company.token })).body.id;
  staff = await userWithRole(api, company, 'employee');
  await hireAs(api, company, staff);
  gone = await userWithRole(api, company, 'employee');
  // Each token is seen once, so that the edge has verified it (the lean path needs that).
  for (const t of [company.token, staff.token, gone.token]) expect((await api.get('/v1/employees?limit=1', { token: t })).status).toBe(200);
  expect((await api.post(`/v1/users/${gone.id}/deactivate`, {}, { token: company.token })).status).toBe(200);
});

afterAll(async () => {
  await server.stop(true);
  await roster.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
function request(path: string, token: string | undefined, headers: Record<string, string> = {}, method = 'GET') {
  const id = `lean-${++n}`;
  const make = () => new Request(`http://roster${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'x-request-id': id, ...headers } });
  return make;
}

/** Status, headers (sorted) and body; the RateLimit counts are masked, since the bucket moves between the two requests. */
async function snapshot(res: Response) {
  const headers = [...res.headers].map(([name, value]) => [name, name === 'ratelimit' ? value.replace(/=\d+/g, '=N') : value]).sort(([a], [b]) => a!.localeCompare(b!));
  return { status: res.status, headers, body: await res.text() };
}

async function bothWays(make: () => Request) {
  const viaHono = await snapshot(await roster.app.viaHono(make()));
  const answered = roster.app.lean(make());
  expect(answered).toBeDefined();
  const lean = await snapshot(await answered!);
  return { viaHono, lean };
}

describe('the lean read path answers as Hono does', () => {
  const cases: [string, () => { path: string; token: string; headers?: Record<string, string> }][] = [
    ['an employee', () => ({ path: `/v1/employees/${employeeId}`, token: company.token })],
    ['an employee as of a date', () => ({ path: `/v1/employees/${employeeId}?asOf=2024-06-01`, token: company.token })],
    ['a page of a list, with a query string', () => ({ path: '/v1/employees?limit=1&sort=lastName', token: company.token })],
    ['a colleague, as an employee sees them', () => ({ path: `/v1/employees/${employeeId}`, token: staff.token })],
    ['an employee that does not exist (404)', () => ({ path: '/v1/employees/emp_00000000000000000000000000', token: company.token })],
    ['a malformed id (400 naming the field)', () => ({ path: '/v1/employees/not-an-id', token: company.token })],
    ['an unknown query parameter (400)', () => ({ path: `/v1/employees/${employeeId}?colour=red`, token: company.token })],
    ['a malformed Idempotency-Key (400 naming the header)', () => ({ path: `/v1/employees/${employeeId}`, token: company.token, headers: { 'idempotency-key': 'has spaces in it' } })],
    ['a request id too long to keep (replaced)', () => ({ path: `/v1/employees/${employeeId}`, token: company.token, headers: { 'x-request-id': 'x'.repeat(200) } })],
    ['a user deactivated since their token was verified (401)', () => ({ path: '/v1/employees?limit=1', token: gone.token })],
    ['what an employee may not read (403)', () => ({ path: '/v1/users', token: staff.token })],
  ];
  for (const [name, of] of cases) {
    test(name, async () => {
      const { path, token, headers } = of();
      const { viaHono, lean } = await bothWays(request(path, token, headers));
      expect(lean.status).toBe(viaHono.status);
      if (name.includes('too long')) {
        // Each path made its own new id: the same header, a different value.
        expect(lean.headers.map(([h]) => h)).toEqual(viaHono.headers.map(([h]) => h));
        expect(JSON.parse(lean.body).id ?? null).toEqual(JSON.parse(viaHono.body).id ?? null);
        return;
      }
      expect(lean.headers).toEqual(viaHono.headers);
      expect(lean.body).toBe(viaHono.body);
    });
  }

  test('the access log has the same line both ways', async () => {
    const lines: Record<string, unknown>[] = [];
    const quiet = createLogger('silent');
    const log = { ...quiet, info: (msg: string, fields?: Record<string, unknown>) => void (msg === 'request' && lines.push(fields!)), child: () => log };
    const local = createEmbedded(loadConfig({ ...contractEnv, ROSTER_DATA: mkdtempSync(join(dir, 'log-')), ROSTER_SCRYPT_LOG_N: '12' }), log);
    const localServer = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: local.app.fetch });
    try {
      const owner = await signUp(new Api(`http://127.0.0.1:${localServer.port}`), 'leanlog');
      const make = request('/v1/employees?limit=5', owner.token);
      lines.length = 0;
      await (await local.app.viaHono(make())).text();
      await (await local.app.lean(make())!).text();
      expect(lines).toHaveLength(2);
      const [hono, lean] = lines.map(({ ms, ...rest }) => {
        expect(typeof ms).toBe('number');
        return rest;
      });
      expect(lean).toEqual(hono!);
      expect(hono).toMatchObject({ method: 'GET', route: '/v1/employees', status: 200, tenant: owner.tenantId, principal: owner.ownerId });
    } finally {
      await localServer.stop(true);
      await local.close();
    }
  });
});

describe('what the lean path leaves to Hono', () => {
  const left: [string, () => () => Request][] = [
    ['a token the edge has not verified yet', () => request(`/v1/employees/${employeeId}`, 'eyJhbGciOiJIUzI1NiJ9.e30.bm90LXZlcmlmaWVk')],
    ['no Authorization header', () => request(`/v1/employees/${employeeId}`, undefined)],
    ['a browser request with an Origin (CORS)', () => request(`/v1/employees/${employeeId}`, company.token, { origin: 'https://app.example.test' })],
    ['a percent-encoded path', () => request(`/v1/employees/${employeeId}%20`, company.token)],
    ['a route that is not a message (the event catalogue)', () => request('/v1/event-types', company.token)],
    ['a route that is not a message (the push stream)', () => request('/v1/stream', company.token)],
    ['a path no route has', () => request('/v1/nothing-here', company.token)],
    ['a write', () => request(`/v1/employees/${employeeId}`, company.token, {}, 'DELETE')],
    ['a HEAD', () => request(`/v1/employees/${employeeId}`, company.token, {}, 'HEAD')],
  ];
  for (const [name, make] of left) test(name, () => expect(roster.app.lean(make()())).toBeUndefined());

  test('and through the server, a cached read is answered by it', async () => {
    const res = await api.get(`/v1/employees/${employeeId}`, { token: company.token });
    expect(res.status).toBe(200);
    expect(roster.app.lean(request(`/v1/employees/${employeeId}`, company.token)())).toBeDefined();
  });
});

test('both ways of starting the headers (Bun clones, Deno sets each) give the same headers, new each time', () => {
  const pairs: [string, string][] = [['X-Frame-Options', 'DENY'], ['Cache-Control', 'no-store'], ['Referrer-Policy', 'no-referrer']];
  const [cloned, set] = (['clone', 'set'] as const).map((how) => headersStarter(pairs, how));
  expect([...cloned!()]).toEqual([...set!()]);
  expect([...set!()]).toEqual([...new Headers(pairs)]);
  const first = cloned!();
  first.set('ETag', '"1"');
  expect(cloned!().has('etag')).toBe(false);
});

test('a message route that a reproduced middleware does not cover (authentication is /v1\'s) is left to Hono', async () => {
  const app = new Hono({ router: new RegExpRouter() });
  const edge = async (_c: unknown, next: () => Promise<void>) => next();
  const auth = async (_c: unknown, next: () => Promise<void>) => next();
  app.use(edge);
  app.use('/v1/*', auth);
  const routeMessages = new Map<unknown, MessageDef>();
  for (const path of ['/v1/things/:id', '/outside/:id']) {
    const handler = () => new Response('hono');
    app.get(path, handler);
    routeMessages.set(handler, { type: `read ${path}`, route: { method: 'GET', path } } as unknown as MessageDef);
  }
  const principal = { kind: 'user', tenantId: 'ten_x', userId: 'usr_x', role: 'owner' } as const;
  const asked: string[] = [];
  const lean = leanReads({
    app: app as never,
    routeMessages,
    reproduced: [edge, auth],
    known: () => principal as never,
    client: { request: async (_a, e) => (asked.push(e.type), { value: { ok: true } }), call: async () => undefined },
    timeoutMs: 1000,
    log: createLogger('silent'),
    checkReplies: false,
    requestIdMaxLength: 128,
    headersStart: 'clone',
  });
  const get = (path: string) => new Request(`http://roster${path}`, { headers: { authorization: 'Bearer t' } });
  expect(lean(get('/outside/1'))).toBeUndefined();
  expect(await (await lean(get('/v1/things/1'))!).json()).toEqual({ ok: true });
  expect(asked).toEqual(['read /v1/things/:id']);
});
