import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Envelope } from '../../actors/core/message';
import { createLogger } from '../../src/log';
import { startWebhookDispatcher } from '../../src/webhooks/dispatcher';
import { pinnedPost } from '../../src/webhooks/pinned-post';
import { waitFor } from '../support/wait';

/**
 * Issue 12 item 7 and issue 20 item 4, at send time: the dispatcher with its real sender
 * (pinnedPost) and a DNS resolver the attacker controls. A listener on loopback stands for
 * what must never be reached (a metadata service, an admin port). The tenant side is a
 * small stand-in that hands out one delivery and records what the dispatcher reports.
 */
let hits: { host: string | null }[] = [];
let listener: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  listener = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch(req) {
      hits.push({ host: req.headers.get('host') });
      return new Response(null, { status: 204 });
    },
  });
});
afterAll(() => listener.stop(true));

async function deliverOnce(url: string, resolve: (host: string) => Promise<string[]>, allowPrivate = false) {
  hits = [];
  const recorded: { ok: boolean; status: number | null; error: string | null }[] = [];
  let handedOut = false;
  const client = {
    async call(_address: unknown, envelope: Envelope) {
      if (envelope.type === 'webhooks.claimDue') {
        if (handedOut) return { items: [] };
        handedOut = true;
        return { items: [{ id: 'whd_1', url, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', payload: { type: 'x.y' }, attempt: 1, requestId: 'req_1' }] };
      }
      if (envelope.type === 'webhooks.recordAttempt') recorded.push(envelope.payload as never);
      return {};
    },
  };
  const dispatcher = startWebhookDispatcher({ client, events: () => () => {}, log: createLogger('silent'), allowPrivate, resolve, post: pinnedPost, timeoutMs: 500 });
  dispatcher.wake('ten_1');
  await waitFor(() => (recorded.length > 0 ? true : undefined));
  await dispatcher.stop();
  return recorded[0]!;
}

describe('webhook sends are pinned to the checked address', () => {
  test('DNS rebinding: first answer public, every later one loopback; nothing reaches the loopback listener', async () => {
    let asked = 0;
    const rebinding = async () => (asked++ === 0 ? ['8.8.8.8'] : ['127.0.0.1']);
    const outcome = await deliverOnce(`http://rebind.example:${listener.port}/hook`, rebinding);
    expect(hits).toEqual([]);
    expect(outcome.ok).toBe(false);
    // Resolved once, and the connection went where that answer said.
    expect(asked).toBe(1);
  });

  test('a name resolving to loopback, to IPv4-mapped loopback or to metadata is refused without connecting', async () => {
    for (const answer of [['127.0.0.1'], ['::ffff:127.0.0.1'], ['::ffff:7f00:1'], ['8.8.8.8', '169.254.169.254'], ['198.18.0.1'], ['100.64.1.1']]) {
      const outcome = await deliverOnce(`http://hooks.example.com:${listener.port}/hook`, async () => answer);
      expect([answer, hits.length, outcome.ok, outcome.error?.startsWith('refused')]).toEqual([answer, 0, false, true]);
    }
  });

  test('a stored URL with a private literal (registered under an older rule) is refused at send', async () => {
    for (const host of ['[::ffff:7f00:1]', '127.0.0.1', 'localhost', 'localhost.']) {
      const outcome = await deliverOnce(`http://${host}:${listener.port}/hook`, async () => ['127.0.0.1']);
      expect([host, hits.length, outcome.error?.startsWith('refused')]).toEqual([host, 0, true]);
    }
  });

  test('the pin is what connects: a name no DNS knows, pinned to the listener, arrives with its own Host', async () => {
    // allowPrivate (the operator's choice for on-premises receivers) lets loopback through,
    // which shows where the socket goes: to the checked address, under the URL's name.
    const outcome = await deliverOnce(`http://hooks.invalid:${listener.port}/hook`, async () => ['127.0.0.1'], true);
    expect(outcome).toMatchObject({ ok: true, status: 204 });
    expect(hits).toEqual([{ host: `hooks.invalid:${listener.port}` }]);
  });
});
