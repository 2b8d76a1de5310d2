import { describe, expect, test } from 'bun:test';
import { Api, signUp } from './client';
import type { ContractCase } from './suite';

/** What every request gets, whatever its route: ids, health, problems, limits. */
export const envelopeContract: ContractCase = (target) => {
  describe('envelope', () => {
    test('health and readiness answer', async () => {
      const api = new Api(target().baseUrl);
      expect((await api.get('/healthz')).status).toBe(200);
      const ready = await api.get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ready');
    });

    test('a request id is made when absent and echoed when given', async () => {
      const api = new Api(target().baseUrl);
      const made = await api.get('/healthz');
      expect(made.headers.get('x-request-id')).toBeTruthy();
      const given = await api.get('/healthz', { headers: { 'x-request-id': 'req-abc-123' } });
      expect(given.headers.get('x-request-id')).toBe('req-abc-123');
    });

    test('an unknown route is a 404 problem', async () => {
      const api = new Api(target().baseUrl);
      const res = await api.get('/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, code: 'route_not_found', type: '/problems/route_not_found' });
    });

    test('problems carry the request id and never a stack trace', async () => {
      const api = new Api(target().baseUrl);
      const res = await api.post('/v1/tenants', undefined, { raw: '{"name":', headers: { 'content-type': 'application/json', 'x-request-id': 'req-bad-json' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('malformed_json');
      expect(res.body.requestId).toBe('req-bad-json');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    });

    test('a wrong content type is refused with 415', async () => {
      const api = new Api(target().baseUrl);
      const res = await api.post('/v1/tenants', undefined, { raw: 'name=acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('unsupported_media_type');
    });

    test('an oversized body is refused with 413 before it is read', async () => {
      const api = new Api(target().baseUrl);
      const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
      const res = await api.post('/v1/tenants', undefined, { raw: huge, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('body_too_large');
    });

    test('deeply nested JSON is refused', async () => {
      const api = new Api(target().baseUrl);
      const deep = '{"a":'.repeat(40) + '1' + '}'.repeat(40);
      const res = await api.post('/v1/tenants', undefined, { raw: deep, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('too_deep');
    });

    test('CORS preflight is answered', async () => {
      const res = await fetch(`${target().baseUrl}/v1/employees`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
      });
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
    });

    test('a protected route without credentials is a 401 problem', async () => {
      const api = new Api(target().baseUrl);
      const res = await api.get('/v1/employees');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    });

    test('security and CORS headers are set on answers and on problems alike', async () => {
      const api = new Api(target().baseUrl);
      const { token } = await signUp(api, 'hdr');
      const origin = { origin: 'https://app.example' };
      const ok = await api.get('/v1/me', { token, headers: origin });
      const problem = await api.get('/v1/employees/nope', { token, headers: origin });
      expect(problem.status).toBe(400);
      for (const res of [ok, problem]) {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
        expect(res.headers.get('x-request-id')).toBeTruthy();
      }
    });
  });
};

export const rateLimitHeadersContract: ContractCase = (target) => {
  describe('rate limit headers', () => {
    test('an authenticated reply tells where the caller stands against its limits', async () => {
      const api = new Api(target().baseUrl);
      const { token } = await signUp(api, 'rlh');
      const first = await api.get('/v1/me', { token });
      const second = await api.get('/v1/me', { token });
      expect(first.headers.get('ratelimit-policy')).toMatch(/^"(principal|tenant)";q=\d+;w=\d+$/);
      const quota = Number(/;q=(\d+)/.exec(first.headers.get('ratelimit-policy') ?? '')?.[1]);
      const remaining = (h: Headers) => Number(/;r=(\d+)/.exec(h.get('ratelimit') ?? '')?.[1]);
      // The suite runs with very high limits, so the bucket may refill between the two calls:
      // the remaining count is below the quota and never grows from one call to the next.
      expect(remaining(first.headers)).toBeLessThan(quota);
      expect(remaining(second.headers)).toBeLessThanOrEqual(remaining(first.headers));
    });
  });
};

export const tenantCorsContract: ContractCase = (target) => {
  describe('CORS origins per company', () => {
    test('a company that lists its origins lets those read its replies, and no others', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'cors');
      const set = await api.patch('/v1/settings', { corsOrigins: ['https://HR.acme.example'] }, { token: c.token });
      expect(set.status).toBe(200);
      expect(set.body.corsOrigins).toEqual(['https://hr.acme.example']);
      const listed = await api.get('/v1/me', { token: c.token, headers: { origin: 'https://hr.acme.example' } });
      expect(listed.headers.get('access-control-allow-origin')).toBe('https://hr.acme.example');
      const other = await api.get('/v1/me', { token: c.token, headers: { origin: 'https://evil.example' } });
      expect(other.status).toBe(200);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const bad = await api.patch('/v1/settings', { corsOrigins: ['not an origin'] }, { token: c.token });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('corsOrigins.0');
    });
  });
};
