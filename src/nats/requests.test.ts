import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startNats, type NatsCluster } from '../../test/support/nats-server';
import { NatsRequests, NoRespondersError, RequestTimeoutError } from './requests';

let nats: NatsCluster;
let nc: NatsConnection;
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

beforeAll(async () => {
  nats = await startNats();
  nc = await connect({ servers: nats.urls });
});
afterAll(async () => {
  await nc.close();
  await nats.stop();
});

describe('request and reply over one inbox', () => {
  test('each reply reaches its own request, in any order', async () => {
    const requests = new NatsRequests(nc);
    // Answers the second request before the first.
    const held: { respond(data: Uint8Array): boolean; data: Uint8Array }[] = [];
    nc.subscribe('echo.reverse', {
      callback: (_e, msg) => {
        held.push(msg);
        if (held.length === 2) for (const m of held.reverse()) m.respond(bytes(`re: ${text(m.data)}`));
      },
    });
    await nc.flush();
    const [a, b] = await Promise.all([requests.request('echo.reverse', bytes('a'), 2000), requests.request('echo.reverse', bytes('b'), 2000)]);
    expect([text(a.data), text(b.data)]).toEqual(['re: a', 're: b']);
  });

  test('no responders is told at once, not after the timeout', async () => {
    const requests = new NatsRequests(nc);
    const started = performance.now();
    const error = await requests.request('nobody.listens', bytes('x'), 5000).catch((e) => e);
    expect(error).toBeInstanceOf(NoRespondersError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('a request nobody answers times out near its deadline, and the inbox serves the next', async () => {
    const requests = new NatsRequests(nc);
    nc.subscribe('slow.service', { callback: () => undefined });
    nc.subscribe('fast.service', { callback: (_e, msg) => void msg.respond(bytes('ok')) });
    await nc.flush();
    const started = performance.now();
    const error = await requests.request('slow.service', bytes('x'), 200).catch((e) => e);
    const waited = performance.now() - started;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(waited).toBeGreaterThanOrEqual(195);
    expect(waited).toBeLessThan(600);
    expect(text((await requests.request('fast.service', bytes('y'), 2000)).data)).toBe('ok');
  });
});
