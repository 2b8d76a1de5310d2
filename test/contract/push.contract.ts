import { describe, expect, test } from 'bun:test';
import { Api, newEmployee, ownerPassword, signUp, userWithRole, hireAs } from './client';
import { openStream } from './sse';
import type { ContractCase } from './suite';

export const pushContract: ContractCase = (target) => {
  describe('push (Server-Sent Events)', () => {
    test('a subscriber that reconnects with its last id receives exactly the missing events, in order', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'sse');
      const stream = await openStream(target().baseUrl, { token: c.token });
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      const made: string[] = [];
      for (let i = 0; i < 3; i++) made.push((await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id);
      const first = await stream.next(3);
      expect(first.map((e) => e.data.subject)).toEqual(made);
      await stream.close();

      for (let i = 0; i < 4; i++) made.push((await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id);
      const resumed = await openStream(target().baseUrl, { token: c.token, lastEventId: first[2]!.id! });
      const missing = await resumed.next(4);
      expect(missing.map((e) => e.data.subject)).toEqual(made.slice(3));
      expect(missing.map((e) => Number(e.id))).toEqual([...missing.keys()].map((i) => Number(first[2]!.id) + 1 + i));
      // The next live event follows without a gap or a repeat.
      made.push((await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id);
      const next = await resumed.next(1);
      expect(next.map((e) => e.data.subject)).toEqual([made[7]!]);
      expect(Number(next[0]!.id)).toBe(Number(missing[3]!.id) + 1);
      await resumed.close();
    });

    test('reconnecting while writes go on, through every entry point in turn: every sequence number once, in order', async () => {
      const urls = target().baseUrls ?? [target().baseUrl];
      const c = await signUp(new Api(urls[0]!), 'sse-live');
      // Writers keep committing through every entry point while the subscriber reconnects,
      // so events land during each replay and at each handover to live delivery.
      let writing = true;
      let written = 0;
      const writers = urls.flatMap((url) =>
        [0, 1, 2].map(async () => {
          const api = new Api(url);
          while (writing) {
            const res = await api.post('/v1/employees', newEmployee(), { token: c.token });
            expect(res.status).toBe(201);
            written++;
          }
        }),
      );
      const seqs: number[] = [];
      const rounds = Math.max(30, urls.length * 15);
      try {
        for (let round = 0; round < rounds; round++) {
          const url = urls[round % urls.length]!;
          const stream = await openStream(url, { token: c.token, lastEventId: String(seqs.at(-1) ?? 0) });
          expect(stream.response.status).toBe(200);
          const events = await stream.next(4, 10_000);
          await stream.close();
          expect(events.length).toBe(4);
          seqs.push(...events.map((e) => Number(e.id)));
        }
      } finally {
        writing = false;
        await Promise.all(writers);
      }
      expect(written).toBeGreaterThan(0);
      // The last write's event is the marker that the log is complete: read up to it.
      const api = new Api(urls[0]!);
      const last = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id as string;
      const tail = await openStream(urls.at(-1)!, { token: c.token, lastEventId: String(seqs.at(-1)) });
      for (;;) {
        const [e] = await tail.next(1, 10_000);
        expect(e).toBeDefined();
        seqs.push(Number(e!.id));
        if (e!.data.subject === last) break;
      }
      await tail.close();
      // The owner hears every event of the log but the tenant's internal ones (a stream closed
      // over its cap takes a sequence number too, and is heard by no client): exactly those, once
      // each, in order, with no gap and no repeat.
      const end = seqs.at(-1)!;
      const heard: number[] = [];
      for (let after = 0; after < end; ) {
        const page = await api.get(`/v1/events?after=${after}&limit=1000`, { token: c.token });
        const items = page.body.items as { seq: number }[];
        if (items.length === 0) break;
        heard.push(...items.map((e) => e.seq).filter((s) => s <= end));
        after = page.body.lastSeq;
      }
      expect(heard.length).toBeGreaterThan(rounds * 4);
      expect(seqs).toEqual(heard);
    }, 60_000);

    test('each principal hears only what it may see, and never another tenant', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'ssevis');
      const other = await signUp(api, 'ssevis-b');
      const emp = await userWithRole(api, c, 'employee');
      const hr = await userWithRole(api, c, 'hr');
      const hrStream = await openStream(target().baseUrl, { token: hr.token });
      const empStream = await openStream(target().baseUrl, { token: emp.token });
      const otherStream = await openStream(target().baseUrl, { token: other.token });

      const colleague = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body;
      // The employee record of the signed-in employee, linked to their account by HR.
      const self = await hireAs(api, c, emp);

      const hrEvents = await hrStream.next(2);
      expect(hrEvents.map((e) => e.data.subject)).toEqual([colleague.id, self.id]);
      // In sequence order: had the colleague's event (or the record's creation) reached the
      // employee, it would come first; the first they hear is their account being linked.
      const empEvents = await empStream.next(1);
      expect(empEvents.map((e) => `${e.data.type}:${e.data.subject}`)).toEqual([`user.employee_linked:${emp.id}`]);
      // The other company's first event is its own, made after: none of this one's came before.
      const own = (await api.post('/v1/employees', newEmployee(), { token: other.token })).body;
      expect((await otherStream.next(1)).map((e) => e.data.subject)).toEqual([own.id]);
      await Promise.all([hrStream.close(), empStream.close(), otherStream.close()]);
    });

    test('a stream ticket lets EventSource reconnect by itself until the session ends', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'ticket');
      const issued = await api.post('/v1/stream/tickets', {}, { token: c.token });
      expect(issued.status).toBe(201);
      const stream = await openStream(target().baseUrl, { ticket: issued.body.ticket });
      expect(stream.response.status).toBe(200);
      const id = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id;
      const [first] = await stream.next(1);
      expect(first?.data.subject).toBe(id);
      await stream.close();
      // What EventSource does after a drop: the same URL, with Last-Event-ID.
      const later = (await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id;
      const again = await openStream(target().baseUrl, { ticket: issued.body.ticket, lastEventId: first!.id });
      expect(again.response.status).toBe(200);
      expect((await again.next(1)).map((e) => e.data.subject)).toEqual([later]);
      await again.close();
      // Bound to its tenant: the same secret under another company's prefix is nothing.
      const other = await signUp(api, 'ticket-other');
      const secret = issued.body.ticket.slice(issued.body.ticket.indexOf('.'));
      expect((await openStream(target().baseUrl, { ticket: `${other.tenantId}${secret}` })).response.status).toBe(401);
      expect((await openStream(target().baseUrl, { ticket: `${c.tenantId}.forged` })).response.status).toBe(401);
      // Signing out ends it.
      expect((await api.post('/v1/auth/logout', { refreshToken: c.refreshToken }, { token: c.token })).status).toBe(204);
      const out = await openStream(target().baseUrl, { ticket: issued.body.ticket });
      expect(out.response.status).toBe(401);
    });

    test('a deactivated user’s stream ticket is refused', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'ticket-gone');
      const hr = await userWithRole(api, c, 'hr');
      const { ticket } = (await api.post('/v1/stream/tickets', {}, { token: hr.token })).body;
      const open = await openStream(target().baseUrl, { ticket });
      expect(open.response.status).toBe(200);
      await open.close();
      expect((await api.post(`/v1/users/${hr.id}/deactivate`, {}, { token: c.token })).status).toBe(200);
      expect((await openStream(target().baseUrl, { ticket })).response.status).toBe(401);
    });

    test('a resume point that is not a sequence number is refused, naming it, not taken for "from now"', async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'resume-bad');
      const since = await api.get('/v1/stream?since=yesterday', { token: c.token });
      expect(since.status).toBe(400);
      expect(since.body.errors.map((e: { field: string }) => e.field)).toEqual(['since']);
      const header = await api.get('/v1/stream', { token: c.token, headers: { 'last-event-id': '12abc' } });
      expect(header.status).toBe(400);
      expect(header.body.errors.map((e: { field: string }) => e.field)).toEqual(['Last-Event-ID']);
    });

    test('a stream without credentials is refused', async () => {
      const stream = await openStream(target().baseUrl, {});
      expect(stream.response.status).toBe(401);
      void ownerPassword;
    });
  });
};

export const eventCatalogueContract: ContractCase = (target) => {
  describe('event catalogue', () => {
    test('every public event type is listed with its version and payload schema', async () => {
      const api = new Api(target().baseUrl);
      const res = await api.get('/v1/event-types');
      expect(res.status).toBe(200);
      const types = res.body.items.map((e: { type: string }) => e.type);
      for (const t of ['employee.created', 'employee.updated', 'user.role_changed', 'notification.created']) expect(types).toContain(t);
      expect(types.some((t: string) => t.startsWith('internal.'))).toBe(false);
      const created = res.body.items.find((e: { type: string }) => e.type === 'employee.created');
      expect(created.version).toBe(1);
      expect(created.schema.properties.employee.properties.workEmail.type).toBe('string');
    });
  });
};

/** Collects a WebSocket's JSON messages (heartbeats left out). */
function socket(url: string) {
  const ws = new WebSocket(url);
  const messages: any[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error('websocket error'));
  });
  ws.onmessage = (m) => {
    const data = JSON.parse(String(m.data));
    if (data.type !== 'ping') messages.push(data);
  };
  const until = async (n: number, timeoutMs = 3000) => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length < n && Date.now() < deadline) await Bun.sleep(20);
    return messages.slice(0, n);
  };
  return { ws, opened, messages, until };
}

export const webSocketContract: ContractCase = (target, options) => {
  describe('push (WebSocket)', () => {
    const run = options.unsupported?.websocket ? test.skip : test;
    run(`events arrive as JSON messages and ?since= resumes with no gap${options.unsupported?.websocket ? ` (skipped: ${options.unsupported.websocket})` : ''}`, async () => {
      const api = new Api(target().baseUrl);
      const c = await signUp(api, 'ws');
      const wsUrl = async (since?: number) => {
        const { ticket } = (await api.post('/v1/stream/tickets', {}, { token: c.token })).body;
        const base = target().baseUrl.replace(/^http/, 'ws');
        return `${base}/v1/ws?ticket=${encodeURIComponent(ticket)}${since !== undefined ? `&since=${since}` : ''}`;
      };
      const first = socket(await wsUrl());
      await first.opened;
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) ids.push((await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id);
      const got = await first.until(2);
      expect(got.map((m) => m.subject)).toEqual(ids);
      first.ws.close();
      for (let i = 0; i < 2; i++) ids.push((await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id);
      const second = socket(await wsUrl(got[1].seq));
      await second.opened;
      expect((await second.until(2)).map((m) => m.subject)).toEqual(ids.slice(2));
      // The next message is the next write's: nothing was sent twice in between.
      ids.push((await api.post('/v1/employees', newEmployee(), { token: c.token })).body.id);
      expect((await second.until(3)).map((m) => m.subject)).toEqual(ids.slice(2));
      second.ws.close();
    });
  });
};
