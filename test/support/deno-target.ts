import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '../contract/target';
import { startRosterProcess } from './process-target';

/**
 * Roster embedded on Deno (src/deno.ts under `deno run` with the README's permissions), a
 * child process on a free loopback port with its data in a fresh folder.
 */
export async function startDeno(env: Record<string, string> = {}): Promise<Target & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-deno-'));
  const proc = await startRosterProcess(dataDir, { ROSTER_LOG: 'silent', ROSTER_MAX_BODY_BYTES: String(64 * 1024), ...env }, 'deno');
  return {
    mode: 'embedded',
    baseUrl: proc.baseUrl,
    dataDir,
    async close() {
      await proc.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
