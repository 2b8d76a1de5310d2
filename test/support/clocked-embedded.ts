import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../actors/core/clock';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createEmbedded } from '../../src/runtime/embedded';
import { Api } from '../contract/client';
import { contractEnv } from '../contract/suite';

/**
 * Roster embedded in this process on a clock the test moves (from `start`), in a fresh data
 * folder, served on a free loopback port. `env` adds settings (a wake-up poller, say);
 * `stop` ends the server and removes the folder.
 */
export function embeddedOnClock(start: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-clocked-'));
  const clock = manualClock(start);
  const config = loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '10', PORT: '0', ...env });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  return {
    clock,
    roster,
    api: new Api(`http://127.0.0.1:${server.port}`),
    async stop() {
      await server.stop(true);
      await roster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
