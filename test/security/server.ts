import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../actors/core/clock';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createEmbedded } from '../../src/runtime/embedded';
import { Api } from '../contract/client';
import { contractEnv } from '../contract/suite';

/** The signing key of the servers these tests start: an attacker who stole it is what the exp rule is for. */
export const jwtSecret = 'security-test-secret-that-is-long-enough-0000';

/** Roster embedded on a clock the test moves, serving HTTP on a free port. */
export function serverAt(start: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'roster-security-'));
  const clock = manualClock(start);
  const config = loadConfig({ ...contractEnv, ROSTER_DATA: dir, ROSTER_SCRYPT_LOG_N: '12', PORT: '0', ROSTER_JWT_KEYS: `k1:${jwtSecret}`, ...env });
  const roster = createEmbedded(config, createLogger('silent'), clock);
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch });
  return {
    clock,
    roster,
    dir,
    api: new Api(`http://127.0.0.1:${server.port}`),
    async stop() {
      await server.stop(true);
      await roster.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
