import { describe, expect, test } from 'bun:test';
import { Api, signUp, userWithRole } from './client';
import type { ContractCase } from './suite';

/** A WebSocket upgrade's outcome: opened, or refused (with the status where the client tells it). */
function tryUpgrade(url: string, headers: Record<string, string>): Promise<'open' | 'refused'> {
  // Bun's WebSocket takes headers, as a non-browser client would send them.
  const ws = new WebSocket(url, { headers } as never);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('refused'), 5000);
    ws.onopen = () => {
      clearTimeout(timer);
      ws.close();
      resolve('open');
    };
    ws.onerror = () => {
      clearTimeout(timer);
      resolve('refused');
    };
  });
}

/** HTTP conventions every mode keeps: 405 with Allow, empty bodies for no-input POSTs, the socket's Origin check, one invite code. */
export const apiConventionsContract: ContractCase = (target, options) => {
  describe('API conventions', () => {
    test('a known path with a method it does not answer is 405 with Allow; an unknown path stays 404', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'allow');
      const put = await api.request('PUT', '/v1/employees', { firstName: 'x' }, { token: c.token });
      expect(put.status).toBe(405);
      expect(put.body.code).toBe('method_not_allowed');
      expect(put.headers.get('allow')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'HEAD', 'POST']));
      expect(put.headers.get('allow')).not.toContain('PUT');
      expect(put.headers.get('content-type')).toContain('application/problem+json');
      const get = await api.get('/v1/stream/tickets', { token: c.token });
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      const put2 = await api.request('PUT', '/v1/employees/emp_01h00000000000000000000000', {}, { token: c.token });
      expect(put2.status).toBe(405);
      expect(put2.headers.get('allow')?.split(', ')).toEqual(expect.arrayContaining(['GET', 'PATCH']));
      const unknown = await api.get('/v1/no-such-thing', { token: c.token });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('allow')).toBeNull();
    });

    test('a POST that takes no input accepts an empty body; one that needs fields names them', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'empty-body');
      const ticket = await api.request('POST', '/v1/stream/tickets', undefined, { token: c.token });
      expect(ticket.status).toBe(201);
      expect(typeof ticket.body.ticket).toBe('string');
      const hr = await userWithRole(api, c, 'hr');
      const deactivated = await api.request('POST', `/v1/users/${hr.id}/deactivate`, undefined, { token: c.token });
      expect(deactivated.status).toBe(200);
      const needs = await api.request('POST', '/v1/departments', undefined, { token: c.token });
      expect(needs.status).toBe(400);
      expect(needs.body.errors.map((e: { field: string }) => e.field)).toContain('name');
      // A body in another type is still refused as such.
      const form = await api.request('POST', '/v1/stream/tickets', undefined, { token: c.token, raw: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).toBe(415);
    });

    test('an invite token that leads nowhere is 410 token_invalid, whichever company it names', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'invite-code');
      const password = 'a perfectly good password';
      const nowhere = await api.post('/v1/invites/accept', { token: 'ten_01h00000000000000000000000.x', password });
      const unknown = await api.post('/v1/invites/accept', { token: `${c.tenantId}.made-up`, password });
      expect([nowhere.status, nowhere.body.code]).toEqual([410, 'token_invalid']);
      expect([unknown.status, unknown.body.code]).toEqual([410, 'token_invalid']);
    });

    const socket = options.unsupported?.websocket ? test.skip : test;
    socket('the WebSocket upgrade checks Origin against the company’s origins; no Origin passes', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'ws-origin');
      expect((await api.patch('/v1/settings', { corsOrigins: ['https://hr.acme.example'] }, { token: c.token })).status).toBe(200);
      const ws = `${target().baseUrl.replace(/^http/, 'ws')}/v1/ws`;
      const auth = { authorization: `Bearer ${c.token}` };
      expect(await tryUpgrade(ws, { ...auth, origin: 'https://evil.example' })).toBe('refused');
      expect(await tryUpgrade(ws, { ...auth, origin: 'https://hr.acme.example' })).toBe('open');
      expect(await tryUpgrade(ws, auth)).toBe('open');
      // What the refused page would have seen over HTTP: a 403 saying why.
      const refused = await api.get('/v1/ws', { token: c.token, headers: { origin: 'https://evil.example', upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('origin_not_allowed');
    });
  });
};
