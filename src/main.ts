#!/usr/bin/env bun
/**
 * The `roster` command. `serve` (the default) runs the embedded mode: one process, the
 * HTTP edge and every actor, data in ROSTER_DATA.
 */
import { websocket } from 'hono/bun';
import { loadConfig } from './config';
import { createLogger, useSink } from './log';

// Bun's native buffered writer: a log line costs a memory copy, not a system call; it is
// flushed when 64 KiB are pending, every 100 ms, and on exit.
const stdout = Bun.stdout.writer({ highWaterMark: 64 * 1024 });
useSink((text) => void stdout.write(text));
setInterval(() => stdout.flush(), 100).unref();
process.on('exit', () => stdout.flush());
import { createEmbedded } from './runtime/embedded';
import { migrateAll } from './cli/migrate';

const command = process.argv[2] ?? 'serve';

async function serve() {
  const config = loadConfig();
  const log = createLogger(config.ROSTER_LOG);
  const roster = createEmbedded(config, log);
  const server = Bun.serve({ port: config.PORT, hostname: config.HOST, fetch: roster.app.fetch, websocket });
  log.info('roster listening', { mode: 'embedded', url: `http://localhost:${server.port}`, data: config.ROSTER_DATA });
  console.error(`Roster (embedded) listening on http://localhost:${server.port} — data in ${config.ROSTER_DATA}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await server.stop();
    await roster.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function migrateCommand() {
  await migrateAll(loadConfig());
}

const commands: Record<string, () => Promise<void>> = { serve, migrate: migrateCommand };

const run = commands[command];
if (!run) {
  console.error(`Unknown command "${command}". Commands: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
run().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
