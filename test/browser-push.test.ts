import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { websocket } from 'hono/bun';
import puppeteer, { type Browser } from 'puppeteer-core';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createEmbedded } from '../src/runtime/embedded';
import { stopServer } from '../src/runtime/stop-server';
import { Api, newEmployee, signUp } from './contract/client';
import { contractEnv } from './contract/suite';
import { startDistributed } from './support/distributed-target';

/**
 * Browser push resumes by itself: a real Chromium holds `new EventSource(url)` (no other
 * application code) while the embedded server is restarted under it on the same port and
 * data folder, and writes go on. What the page received must be every event, once, in order.
 * Chromium comes from Debian (`apt-get install chromium`; scripts/pretest.sh installs it).
 */
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? '/usr/bin/chromium';
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

/** The embedded server on `port` (0: any free one) with its data in `dir`. */
function serve(dir: string, port: number) {
  const config = loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', ROSTER_LOG: 'silent', PORT: String(port), HOST: '127.0.0.1' });
  const roster = createEmbedded(config, createLogger('silent'));
  const server = Bun.serve({ port, hostname: '127.0.0.1', fetch: roster.app.fetch, websocket });
  return {
    port: server.port!,
    /** `drain`: as `roster serve` on SIGTERM (stop-server.ts); else open connections are cut, as a crash or a dropped network would. */
    async stop(drain = false) {
      if (drain) await stopServer(server, 500);
      else await server.stop(true);
      await roster.close();
    },
  };
}

/** The page: one EventSource on the URL in its fragment, and a record of what it heard. */
const page = `<!doctype html><meta charset="utf-8"><title>push</title><script>
  window.received = []; window.opens = 0; window.errors = 0;
  const url = decodeURIComponent(location.hash.slice(1));
  fetch(new URL('/v1/event-types', url)).then((r) => r.json()).then((catalogue) => {
    const source = new EventSource(url);
    source.onopen = () => window.opens++;
    source.onerror = () => window.errors++;
    for (const { type } of catalogue.items ?? catalogue) {
      source.addEventListener(type, (m) => window.received.push({ id: m.lastEventId, ...JSON.parse(m.data) }));
    }
    window.source = source;
  });
</script>`;

async function launch(): Promise<Browser> {
  if (!existsSync(chromium)) throw new Error(`No Chromium at ${chromium}: run scripts/pretest.sh (or apt-get install -y chromium), or set CHROMIUM_PATH.`);
  const profile = mkdtempSync(join(tmpdir(), 'roster-chromium-'));
  cleanup.push(() => rmSync(profile, { recursive: true, force: true }));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    pipe: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`],
  });
  cleanup.push(() => browser.close());
  return browser;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await Bun.sleep(50);
  }
}

/** A Roster that a test can restart under the browser: `crash` cuts every connection, `drain` is a deploy's SIGTERM. */
interface Restartable {
  base: string;
  restart(how: 'crash' | 'drain'): Promise<void>;
}

/**
 * Opens the page's EventSource on a ticket, writes employees all along, restarts Roster under
 * it twice (a crash, then a drain), and asserts the page heard every employee once, in order.
 */
async function resumesAcrossRestarts(roster: Restartable) {
  const api = new Api(roster.base);
  const c = await signUp(api, 'browser');
  const { ticket } = (await api.post('/v1/stream/tickets', {}, { token: c.token })).body;

  // The page comes from another loopback origin, as a web app's would.
  const site = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => new Response(page, { headers: { 'content-type': 'text/html' } }) });
  cleanup.push(() => site.stop(true));
  const browser = await launch();
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${site.port}/#${encodeURIComponent(`${roster.base}/v1/stream?ticket=${encodeURIComponent(ticket)}`)}`);
  await until(() => tab.evaluate(() => (globalThis as any).opens as number), (n) => n >= 1, 5000);

  // Writes go on all along. One that meets the server down is sent again with the same
  // Idempotency-Key until it lands, as a client should: a write whose reply was cut by the
  // crash may have committed, and must not be made twice.
  const written: string[] = [];
  let writing = true;
  const writer = (async () => {
    for (let n = 0; writing; n++) {
      const body = newEmployee();
      for (;;) {
        const r = await api.post('/v1/employees', body, { token: c.token, headers: { 'idempotency-key': `write-${n}` } }).catch(() => undefined);
        if (r?.status === 201) {
          written.push(r.body.id);
          break;
        }
        await Bun.sleep(100);
      }
      await Bun.sleep(40);
    }
  })();
  const received = () => tab.evaluate(() => (globalThis as any).received as { id: string; seq: number; type: string; subject: string }[]);
  await until(received, (r) => r.length >= 3, 5000);

  // A crash (connections cut), then a deploy's drain (requests finish, streams are cut after the grace).
  for (const [i, how] of (['crash', 'drain'] as const).entries()) {
    await roster.restart(how);
    // EventSource comes back by itself (the stream said `retry: 2000`), and hears on.
    await until(() => tab.evaluate(() => (globalThis as any).opens as number), (n) => n >= i + 2, 15_000);
    const before = written.length;
    await until(async () => written.length, (n) => n >= before + 5, 15_000);
  }
  writing = false;
  await writer;

  const heard = await until(received, (r) => r.filter((e) => e.type === 'employee.created').length >= written.length, 10_000);
  const state = await tab.evaluate(() => ({ opens: (globalThis as any).opens as number, readyState: (globalThis as any).source.readyState as number }));
  // It reconnected by itself after each restart and is still open.
  expect(state.opens).toBeGreaterThanOrEqual(3);
  expect(state.readyState).toBe(1);
  // Every employee written, in the order written, once; sequence numbers strictly rising.
  expect(heard.filter((e) => e.type === 'employee.created').map((e) => e.subject)).toEqual(written);
  const seqs = heard.map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(heard.map((e) => e.id)).toEqual(seqs.map(String));
}

describe('browser push', () => {
  test('an EventSource in Chromium resumes by itself across a crash and a drain of the server: every event once, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roster-browser-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    let server = serve(dir, 0);
    const port = server.port;
    cleanup.push(() => server.stop());
    await resumesAcrossRestarts({
      base: `http://127.0.0.1:${port}`,
      async restart(how) {
        await server.stop(how === 'drain');
        await Bun.sleep(300);
        server = serve(dir, port);
      },
    });
  }, 60_000);

  test('over NATS, it resumes across a crash and a drain of the gateway it is connected to', async () => {
    const roster = await startDistributed({ gateways: 1, workers: 1 });
    cleanup.push(() => roster.close());
    await resumesAcrossRestarts({
      base: roster.baseUrl,
      restart: (how) => roster.restartGateway(0, how === 'crash' ? 'SIGKILL' : 'SIGTERM'),
    });
  }, 90_000);
});
