import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { websocket } from 'hono/bun';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { createEmbedded } from '../../src/runtime/embedded';
import { contractEnv } from '../contract/suite';
import type { Target } from '../contract/target';

/** Roster embedded in this process, on a free port, with its data in a fresh folder. */
export async function startEmbedded(env: Record<string, string> = {}): Promise<Target & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-test-'));
  const config = loadConfig({
    ROSTER_DATA: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    // A cheaper KDF keeps the suite quick; the hash format and code path are the same.
    ROSTER_SCRYPT_LOG_N: '12',
    ROSTER_LOG: 'silent',
    ROSTER_MAX_BODY_BYTES: String(64 * 1024),
    ...contractEnv,
    ...env,
  });
  const roster = createEmbedded(config, createLogger(config.ROSTER_LOG));
  const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: roster.app.fetch, websocket });
  return {
    mode: 'embedded',
    baseUrl: `http://127.0.0.1:${server.port}`,
    dataDir,
    async close() {
      await server.stop(true);
      await roster.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
