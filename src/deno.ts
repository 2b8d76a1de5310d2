/**
 * The `roster` command on Deno: `serve` (embedded: HTTP edge and every actor in one process)
 * and `demo`. The same edge assembly and actors as on Bun (src/main.ts); this file only
 * registers Deno's side of the runtime seam and serves the Hono app with `Deno.serve`.
 * Permissions: see the README (net, env, read/write on the data folder; no --allow-all).
 */
import { upgradeWebSocket } from 'hono/deno';
import { runDemo } from './cli/demo';
import { loadConfig } from './config';
import { createLogger } from './log';
import { createEmbedded } from './runtime/embedded';
import { usePlatform } from './runtime/platform';
import { openNodeSqliteStore } from './storage/node-sqlite-store';

/** The part of Deno's API this entry uses (typed here: the project type-checks against Bun's types). */
interface DenoApi {
  args: string[];
  serve(options: { port: number; hostname: string; onListen?: (a: { port: number }) => void }, handler: (req: Request) => Response | Promise<Response>): { shutdown(): Promise<void>; addr: { port: number } };
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void;
  exit(code: number): never;
}
const Deno = (globalThis as unknown as { Deno: DenoApi }).Deno;

usePlatform({ name: 'deno', upgradeWebSocket, openSqliteFile: openNodeSqliteStore, headersStart: 'set' });

async function serve() {
  const config = loadConfig();
  const log = createLogger(config.ROSTER_LOG);
  const roster = createEmbedded(config, log);
  const server = Deno.serve({ port: config.PORT, hostname: config.HOST, onListen: () => {} }, roster.app.fetch);
  const url = `http://localhost:${server.addr.port}`;
  log.info('roster listening', { mode: 'embedded', runtime: 'deno', url, data: config.ROSTER_DATA });
  console.error(`Roster (embedded, Deno) listening on ${url} — data in ${config.ROSTER_DATA}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await server.shutdown();
    await roster.close().catch((e) => log.error('shutdown failed', { error: String(e) }));
    Deno.exit(0);
  };
  Deno.addSignalListener('SIGTERM', () => void stop('SIGTERM'));
  Deno.addSignalListener('SIGINT', () => void stop('SIGINT'));
}

const commands: Record<string, () => Promise<void>> = {
  serve,
  demo: () => runDemo(loadConfig(), createLogger('warn')),
};
const command = Deno.args[0] ?? 'serve';
const run = commands[command];
if (!run) {
  console.error(`Unknown command "${command}" on Deno. Commands: ${Object.keys(commands).join(', ')}`);
  Deno.exit(2);
}
run!().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  Deno.exit(1);
});
