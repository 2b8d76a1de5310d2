#!/usr/bin/env bun
/**
 * The `roster` command:
 *   serve    the embedded mode (default): HTTP edge and every actor in one process
 *   gateway  distributed mode, the HTTP edge (no actors)
 *   worker   distributed mode, actors (no HTTP)
 *   status   lists live workers, the actors each holds, mailbox depths and versions
 *   migrate  applies pending migrations to every tenant database, with progress
 */
import { websocket } from 'hono/bun';
import './runtime/bun-platform';
import { migrateAll } from './cli/migrate';
import { runDemo } from './cli/demo';
import { printStatus } from './cli/status';
import { loadConfig } from './config';
import { createLogger, useSink, type Logger } from './log';
import { createEmbedded } from './runtime/embedded';
import { startGateway } from './runtime/gateway';
import { startWorker } from './runtime/worker';
import { stopServer } from './runtime/stop-server';

// Bun's native buffered writer: a log line costs a memory copy, not a system call; it is
// flushed when 64 KiB are pending, every 100 ms, and on exit.
const stdout = Bun.stdout.writer({ highWaterMark: 64 * 1024 });
useSink((text) => void stdout.write(text));
setInterval(() => stdout.flush(), 100).unref();
process.on('exit', () => stdout.flush());

const command = process.argv[2] ?? 'serve';

/** Runs `stop` once on SIGTERM or SIGINT, then exits. */
function onSignal(log: Logger, stop: () => Promise<void>) {
  let stopping = false;
  const handler = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await stop().catch((e) => log.error('shutdown failed', { error: String(e) }));
    stdout.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void handler('SIGTERM'));
  process.on('SIGINT', () => void handler('SIGINT'));
}

function listen(fetch: (req: Request, server: any) => Response | Promise<Response>, port: number, hostname: string) {
  return Bun.serve({ port, hostname, fetch, websocket });
}

async function serve() {
  const config = loadConfig();
  const log = createLogger(config.ROSTER_LOG);
  const roster = createEmbedded(config, log);
  const server = listen(roster.app.fetch, config.PORT, config.HOST);
  log.info('roster listening', { mode: 'embedded', url: `http://localhost:${server.port}`, data: config.ROSTER_DATA });
  console.error(`Roster (embedded) listening on http://localhost:${server.port} — data in ${config.ROSTER_DATA}`);
  onSignal(log, async () => {
    await stopServer(server);
    await roster.close();
  });
}

async function gateway() {
  const config = loadConfig();
  const log = createLogger(config.ROSTER_LOG, { role: 'gateway' });
  const gw = await startGateway(config, log);
  const server = listen(gw.app.fetch, config.PORT, config.HOST);
  log.info('roster listening', { mode: 'gateway', url: `http://localhost:${server.port}`, nats: config.ROSTER_NATS_URL });
  console.error(`Roster gateway listening on http://localhost:${server.port}`);
  onSignal(log, async () => {
    // Unready first, then keep serving for the grace period: requests still routed here
    // are answered while the load balancer notices /readyz and moves away.
    gw.unready();
    await Bun.sleep(config.ROSTER_DRAIN_GRACE_MS);
    await stopServer(server);
    await gw.close();
  });
}

async function worker() {
  const config = loadConfig();
  const log = createLogger(config.ROSTER_LOG, { role: 'worker' });
  const w = await startWorker(config, log);
  console.error(`Roster worker ${w.id} connected to ${config.ROSTER_NATS_URL}`);
  onSignal(log, () => w.drain());
}

const commands: Record<string, () => Promise<void>> = {
  serve,
  gateway,
  worker,
  status: () => printStatus(loadConfig()),
  migrate: () => migrateAll(loadConfig()),
  demo: async () => {
    const config = loadConfig();
    await runDemo(config, createLogger('warn'));
  },
};

const run = commands[command];
if (!run) {
  console.error(`Unknown command "${command}". Commands: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
run().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
